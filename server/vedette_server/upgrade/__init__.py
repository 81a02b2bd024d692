"""Signed upgrade bundles (SYS-06): made offline (``bundle``), checked by the server
when uploaded (``intake``), installed by the host's root service (``apply``).

A bundle is a tar of ``manifest.json``, ``manifest.sig`` (Ed25519 over the exact
manifest bytes) and ``pool/*.deb``; ``verify`` is the one check both sides run, so
the root side never trusts what the unprivileged server decided. The layout of the
hand-off directory is ``handoff.UpgradeDir``. Format and flow: installers/upgrade/README.md.
"""

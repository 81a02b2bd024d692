"""Named server operations (Anki's ``aqt/operations``): what the console asks a
server, one module per resource, instead of lambdas in the views.

Each operation is a function that takes keyword arguments and returns a
``ServerOp[T]``: the work (a plain function of the ``Client``, run off the UI
thread), typed by what it returns, to which the caller adds ``success`` and maybe
``failure`` callbacks before ``run(session)``. Logic that used to sit in widgets (the
snapshot gallery's fetches, the merge of events and tags beside the playback
timeline) lives here, where a test can call it with a client and no Qt.

    tags.rename_tag(parent=self, tag_id=tag.id, name=name).success(self._renamed).run(session)

Errors: a failed operation shows a warning over its parent's window unless the
caller passed ``failure`` (``vedette_console.failures``). ``background()`` marks
what the console does by itself (reloads after a change, progress polling): the
server does not count it as the operator's activity, so the idle logout works,
and its failures go to the status bar rather than a dialog.
"""

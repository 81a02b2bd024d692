"""The Vedette gRPC API package and Python SDK.

``vedette_api.v1`` holds the stubs generated from ``protos/vedette/v1/*.proto`` (run
``make protos`` after editing a ``.proto``; never edit the generated files). The
client SDK used by the console, the CLI and CMS integrators, and the helpers that
convert media packets to and from protobuf, live beside it in this package.

This package depends only on grpc and protobuf.
"""

"""Version 1 of the Vedette API: modules generated from ``protos/vedette/v1/*.proto``.

Every ``*_pb2.py``, ``*_pb2.pyi`` and ``*_pb2_grpc.py`` here is written by
``protos/generate.py`` (``make protos``) and checked byte for byte by
``tests/unit/test_generated_stubs.py``. Proto names keep the ``vedette.v1`` package
(``vedette.v1.MediaPacket``, ``/vedette.v1.CameraService/...``); only the Python
module path is ``vedette_api.v1``.
"""

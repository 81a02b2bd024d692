"""AuthService: password login to an opaque bearer token, and logout."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import grpc

from vedette_api.v1 import auth_pb2, auth_pb2_grpc
from vedette_server.accounts import Accounts
from vedette_server.api.convert import timestamp
from vedette_server.api.interceptor import bearer_token
from vedette_server.api.sessions import SessionTable
from vedette_server.api.status import unary
from vedette_server.errors import InvalidArgument, Unauthenticated


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, accounts: Accounts, sessions: SessionTable) -> None:
        self.accounts = accounts
        self.sessions = sessions
        # Argon2id is CPU-bound: a small pool so logins cannot starve the loop.
        self._hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="login")

    @unary
    async def Login(
        self, request: auth_pb2.LoginRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LoginResponse:
        if not request.username:
            raise InvalidArgument("username", "is required")
        if len(request.username) > 128 or len(request.password) > 1024:
            raise InvalidArgument("username", "user name or password too long")
        loop = asyncio.get_running_loop()
        user = await loop.run_in_executor(
            self._hashing, self.accounts.verify_login, request.username, request.password
        )
        if user is None:
            raise Unauthenticated("wrong user name or password")
        token, session = self.sessions.create(user, context.peer())
        return auth_pb2.LoginResponse(
            token=token, expire_time=timestamp(int(session.expires_s * 1e6)), username=user
        )

    @unary
    async def Logout(
        self, request: auth_pb2.LogoutRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LogoutResponse:
        token = bearer_token(tuple(context.invocation_metadata() or ()))
        if token is not None:
            self.sessions.end(token)
        return auth_pb2.LogoutResponse()

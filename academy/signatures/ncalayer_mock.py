"""A stand-in for NCALayer on loopback, speaking its websocket JSON protocol: TEST KEYS ONLY.

It answers the version greeting, says it is not KAZTOKEN, and signs ``kz.gov.pki.knca.basics``
``sign`` requests (CMS, detached, from base64 data) with one key of the test PKI, so the
real ncalayer-js-client path runs end to end in a browser (tests, and the demo's
``manage.py run_test_ncalayer``). Needs the ``websockets`` package (dev extras).
"""

import asyncio
import base64
import json
import threading

from .testpki import Identity, sign_detached


class NCALayerMock:
    """``with NCALayerMock(identity, chain) as layer: layer.url`` (ws://127.0.0.1:<port>)."""

    def __init__(self, identity: Identity, chain: list, port: int = 0) -> None:
        self.identity = identity
        self.chain = chain
        self.port = port
        self.requests: list[dict] = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.url = ""

    async def _handler(self, websocket) -> None:  # noqa: ANN001
        await websocket.send(json.dumps({"result": {"version": "1.4"}}))
        async for message in websocket:
            request = json.loads(message)
            self.requests.append(request)
            await websocket.send(json.dumps(self.answer(request)))

    def answer(self, request: dict) -> dict:
        if request.get("module") == "kz.gov.pki.knca.basics" and request.get("method") == "sign":
            args = request.get("args", {})
            data = args.get("data")
            documents = data if isinstance(data, list) else [data]
            params = args.get("signingParams", {})
            signatures = []
            for document in documents:
                raw = base64.b64decode(document) if params.get("decode") else document.encode()
                cms = sign_detached(self.identity, raw, self.chain)
                signatures.append(base64.b64encode(cms).decode())
            return {"status": True, "body": {"result": signatures}}
        return {"code": "500", "message": "Module not found"}

    def _run(self) -> None:
        from websockets.asyncio.server import serve

        async def main() -> None:
            async with serve(self._handler, "127.0.0.1", self.port) as server:
                self.url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
                self.ready.set()
                self._stop = asyncio.Event()
                await self._stop.wait()

        self.loop.run_until_complete(main())

    def __enter__(self) -> "NCALayerMock":
        self.thread.start()
        self.ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(5)

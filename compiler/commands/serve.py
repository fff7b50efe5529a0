"""minisvc serve: dist/ and the /v1 resolution endpoint over HTTP, until Ctrl-C."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UserError
from ..serve.server import make_server
from .tester_key import tester_key


def run(dist: Path, host: str, port: int) -> int:
    if not (dist / "index.json").is_file():
        raise UserError(f"{dist} is not a built dist/ (no index.json); run `minisvc build`")
    try:
        server = make_server(dist, host, port, key=tester_key())
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                        "pick another --port") from None
    with server:
        click.echo(f"serving {dist} at {server.url} (Ctrl-C to stop)")
        click.echo(f"  try {server.url}v1/<service>?user=42&locale=en-US")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopped")
    return 0

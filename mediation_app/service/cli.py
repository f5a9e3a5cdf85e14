"""``flask service …``: the fake SMS gateway for the demo."""

import click
from flask import current_app
from flask.cli import AppGroup

from mediation_app.service.fake_sms import UNREACHABLE_SUFFIX, FakeSmsGateway

service_group = AppGroup("service", help="Service of documents (送达).")


@service_group.command("fake-sms")
@click.option("--port", default=8025, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--callback-url",
    default="http://127.0.0.1:5000/service/sms/callback",
    show_default=True,
    help="where the app takes delivery reports",
)
def fake_sms(port, callback_url):
    """Run a fake SMS gateway on the loopback until interrupted; point SMS_GATEWAY_URL at
    it (same SMS_GATEWAY_KEY). It reports every message delivered, but to numbers ending
    in 0000, which it reports failed."""
    key = current_app.config["SMS_GATEWAY_KEY"]
    if not key:
        raise click.UsageError("set SMS_GATEWAY_KEY: the gateway and the app share it")
    gateway = FakeSmsGateway(key, callback_url, port=port)
    click.echo(f"fake SMS gateway at {gateway.url}; numbers ending {UNREACHABLE_SUFFIX} fail")
    try:
        gateway.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        gateway.server.server_close()

"""The `kefu` command: the operator's entry point (migrate, demo, serve, worker, run, token).

Anything else is passed to Django's management commands (`kefu shell`, `kefu createsuperuser`).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.config.settings")
    import django

    django.setup()


def cmd_migrate(_: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    call_command("createcachetable", verbosity=0)
    return 0


def cmd_demo(_: argparse.Namespace) -> int:
    _django()
    from kefu.platforms.demo import DemoRefused, load_demo

    try:
        logins = load_demo()
    except DemoRefused as exc:
        print(f"kefu demo: {exc}", file=sys.stderr)
        return 2
    print("Demo platform 'demo' (演示钱包 / Demo Wallet) is ready. Demo logins:")
    for username, password, role in logins:
        print(f"  {username:<16} {password:<22} {role}")
    return 0


def default_threads(database_url: str) -> int:
    """Threads per server process (docs/adr/0005). On SQLite one: a request is CPU-bound
    Python, and threads of one process queue on the GIL while one of them holds the database
    write lock (1 thread: 237–260 tickets/s, 4 threads: 116–166). On PostgreSQL two: one
    computes while the other waits for a round trip or a commit's flush (188–218 vs 81–105)."""
    return 2 if database_url.startswith(("postgres://", "postgresql://")) else 1


def _serve_argv(args: argparse.Namespace) -> list[str]:
    threads = args.threads or default_threads(os.environ.get("DATABASE_URL", ""))
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(threads),
        "--no-ws",
        "--log-level",
        "warning",
        "kefu.config.wsgi:application",
    ]


def _collectstatic() -> None:
    _django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def cmd_serve(args: argparse.Namespace) -> int:
    _collectstatic()
    print(f"Kefu is serving on http://{args.host}:{args.port}/", flush=True)
    # Become granian (exec), so a supervisor's SIGTERM reaches the server itself.
    argv = _serve_argv(args)
    os.execv(argv[0], argv)  # noqa: S606
    return 0  # pragma: no cover - execv does not return


def cmd_worker(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    call_command(
        "db_worker", queue_name="*", interval=args.interval, reload=False, startup_delay=False
    )
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """migrate + demo + serve + worker, for `make run` on a fresh machine."""
    if cmd_migrate(args) != 0 or cmd_demo(args) != 0:
        return 1
    _collectstatic()
    children = [
        subprocess.Popen(_serve_argv(args)),  # noqa: S603
        subprocess.Popen([sys.executable, "-m", "kefu.config.cli", "worker"]),  # noqa: S603
    ]
    print(f"\nKefu is running on http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    print(f"  portal   http://{args.host}:{args.port}/", flush=True)
    print(f"  console  http://{args.host}:{args.port}/console/  (log in as demo-agent)", flush=True)

    def stop(*_: object) -> None:
        for child in children:
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stop()
    for child in children:
        child.wait(timeout=10)
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    _django()
    from kefu.accounts.models import User
    from kefu.accounts.services import api_token_create
    from kefu.common.errors import DomainError

    user = User.objects.filter(username=args.username).first()
    if user is None:
        print(f"kefu token: no user named {args.username!r}", file=sys.stderr)
        return 2
    try:
        _token, secret = api_token_create(user=user, name=args.name)
    except DomainError as exc:
        print(f"kefu token: {exc.detail}", file=sys.stderr)
        return 2
    print(secret)
    return 0


def cmd_smtpd(args: argparse.Namespace) -> int:
    """Receive support mail (aiosmtpd) until SIGTERM / Ctrl+C; see docs/channels.md."""
    _django()
    import threading

    from kefu.channels.smtpd import serve

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"Kefu smtpd is listening on {args.host}:{args.port}", flush=True)
    try:
        serve(host=args.host, port=args.port, threads=args.threads, stop=stop)
    except KeyboardInterrupt:
        stop.set()
    return 0


def cmd_imap_poll(args: argparse.Namespace) -> int:
    """Poll a mailbox over IMAP into tickets until SIGTERM; see docs/channels.md."""
    _django()
    from kefu.channels.imap import imap_command

    return imap_command(args)


def cmd_registry(args: argparse.Namespace) -> int:
    """Import a registry file (docs/verify.md format) into the database, or export it."""
    _django()
    import json

    from kefu.platforms.selectors import registry_export
    from kefu.platforms.services import registry_import

    if args.registry_command == "export":
        print(json.dumps(registry_export(), ensure_ascii=False, indent=2))
        return 0
    with open(args.file, encoding="utf-8") as handle:
        summary = registry_import(data=json.load(handle), origin=args.file)
    for problem in summary.problems:
        print(f"kefu registry import: {problem}", file=sys.stderr)
    if summary.problems:
        return 2
    print(
        f"{summary.platforms_created} platforms created, {summary.channels_added} channels added, "
        f"{summary.channels_updated} updated, {summary.reports_confirmed} scam channels confirmed"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kefu", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("migrate", help="create or update the database").set_defaults(func=cmd_migrate)
    sub.add_parser("demo", help="load the demo platform (idempotent)").set_defaults(func=cmd_demo)
    for name, func, help_ in (
        ("serve", cmd_serve, "serve HTTP with granian"),
        ("run", cmd_run, "migrate, demo, serve and worker in one"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--workers", type=int, default=2)
        p.add_argument(
            "--threads",
            type=int,
            default=None,
            help="blocking threads per worker (default: 1 on SQLite, 2 on PostgreSQL)",
        )
        p.add_argument("--interval", type=float, default=1.0)
        p.set_defaults(func=func)
    worker = sub.add_parser("worker", help="run background jobs")
    worker.add_argument("--interval", type=float, default=1.0)
    worker.add_argument("--no-scheduler", action="store_true", help="run jobs only")
    worker.add_argument("--max-tasks", type=int, default=None)
    worker.set_defaults(func=cmd_worker)
    smtpd = sub.add_parser("smtpd", help="receive support mail over SMTP")
    smtpd.add_argument("--host", default="127.0.0.1")
    smtpd.add_argument("--port", type=int, default=2525)
    smtpd.add_argument("--threads", type=int, default=4, help="database threads")
    smtpd.set_defaults(func=cmd_smtpd)
    imap = sub.add_parser("imap-poll", help="fetch support mail from an IMAP mailbox")
    imap.add_argument("--host", required=True)
    imap.add_argument("--port", type=int, default=None, help="993 with --ssl, else 143")
    imap.add_argument("--ssl", action=argparse.BooleanOptionalAction, default=None)
    imap.add_argument("--starttls", action="store_true")
    imap.add_argument("--user", required=True)
    imap.add_argument("--password-env", required=True, metavar="VAR", help="holds the password")
    imap.add_argument("--mailbox", default="INBOX")
    imap.add_argument("--platform", default=None, metavar="SLUG")
    imap.add_argument("--interval", type=float, default=60.0, help="seconds between polls")
    imap.add_argument("--once", action="store_true", help="poll once; non-zero on failure")
    imap.set_defaults(func=cmd_imap_poll)
    token = sub.add_parser("token", help="API tokens for staff")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser("create", help="print a new API token for USERNAME")
    create.add_argument("username")
    create.add_argument("--name", default="")
    create.set_defaults(func=cmd_token)
    registry = sub.add_parser("registry", help="import or export official channels (verify)")
    registry_sub = registry.add_subparsers(dest="registry_command", required=True)
    registry_import = registry_sub.add_parser("import", help="load FILE (idempotent)")
    registry_import.add_argument("file")
    registry_import.set_defaults(func=cmd_registry)
    registry_sub.add_parser("export", help="print JSON").set_defaults(func=cmd_registry)
    return parser


KNOWN = {"migrate", "demo", "serve", "worker", "run", "token", "smtpd", "-h", "--help"}
KNOWN.add("registry")
KNOWN.add("imap-poll")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in KNOWN:
        _django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["kefu", *argv])
        return 0
    args = build_parser().parse_args(argv)
    if not hasattr(args, "func"):
        build_parser().print_help()
        return 0
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())

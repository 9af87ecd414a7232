"""Ticket creation: Kefu and django-helpdesk 2.6.1 on this machine, in the same run.

    .venv/bin/python bench/bench_helpdesk.py [--db sqlite|postgres|both] [-n 2000] [-c 16]

The issue's "7x django-helpdesk" target was set against a figure measured on another day;
this machine's speed varies a lot between sessions, so both are measured here, one after the
other, on the same database kind, with the same complaints, clients and warm-up.

django-helpdesk is set up as in /work/shared/research/peer-django-helpdesk.md: version 2.6.1
and its own pinned Django and DRF in a separate venv (var/bench-helpdesk-venv, built with pip
on first use; it is never one of Kefu's dependencies), a minimal project written to a
temporary directory (DEBUG off, dummy e-mail backend, DRF Token auth first,
HELPDESK_TEAMS_MODE_ENABLED = False, SITE_ID = 1, Django's default CONN_MAX_AGE = 0), one
queue, one staff user with a DRF token, gunicorn with 2 sync workers. Its sync workers close
every connection, so its clients open a new connection per request.

Kefu is served as bench/bench_http.py serves it (`kefu migrate`, `kefu demo`, `kefu serve
--workers 2`, Kefu's default threads) and takes the same complaint texts through
POST /api/v1/tickets, first with keep-alive clients (as bench_http.py and any HTTP client
library) and then, on equal terms with gunicorn's sync workers, with a new connection per
request.

Each measurement: a fresh database, 20 warm-up tickets, then N creates by C concurrent
clients. Traffic goes to 127.0.0.1 only; client, servers and database share the cores. For
each timed run the script reports who used the cores (from /proc): the machine, the server's
process tree, PostgreSQL, this client, and "other" (the rest: other people's jobs), because
on a shared machine a run is only comparable with the others when "other" is near 0.
Exit 0 when Kefu creates at least 7x as many tickets per second as django-helpdesk (with no
errors on either side) on every database measured, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_http, loadgen  # noqa: E402

TARGET_RATIO = 7.0
VENV = ROOT / "var" / "bench-helpdesk-venv"
# The versions of the research measurement; the rest is what pip resolved for them then.
HELPDESK_PINS = [
    "django-helpdesk==2.6.1",
    "Django==5.2.19",
    "djangorestframework==3.18.3",
    "django-model-utils==5.0.0",
    "gunicorn==27.0.1",
    "psycopg[binary]==3.3.9",
    "asgiref==3.13.0",
    "beautifulsoup4==4.15.0",
    "django-cleanup==9.0.0",
    "email-reply-parser==0.5.12",
    "Markdown==3.11.3",
    "nh3==0.3.8",
    "oauthlib==4.0.1",
    "requests==2.34.2",
    "requests-oauthlib==2.0.0",
    "sqlparse==0.6.1",
]
HD_PG_URL = os.environ.get(
    "KEFU_BENCH_HELPDESK_PG", "postgresql://postgres@127.0.0.1:5432/helpdesk_bench"
)
REQUEST_TIMEOUT = 60  # seconds, per request
RUN_TIMEOUT = 900  # seconds, per timed run

# -- the complaints both products receive ----------------------------------------------------

CATEGORIES = [
    (
        "订单{order}申请退款已过{days}天仍未到账",
        [
            "我在{date}申请了订单{order}的退款，金额{amount}元，商家当天就同意了。",
            "平台显示退款已处理，可是银行卡和原支付账户到现在都没有收到这笔钱。",
            "客服说三到五个工作日到账，现在已经过了{days}天，每次询问都让我继续等待。",
        ],
    ),
    (
        "同一笔订单被重复扣费{amount}元",
        [
            "{date}我用手机支付了订单{order}，页面提示失败，我又付了一次。",
            "结果两次都扣款成功，账单里有两笔{amount}元的支出，订单却只有一笔。",
            "我已经提供了银行流水截图，对方只回复核实中，一直没有结果。",
        ],
    ),
    (
        "快递{days}天未送达，物流信息一直不更新",
        [
            "订单{order}在{date}显示已发货，物流信息停在中转站已经{days}天。",
            "快递员电话打不通，网点说不归他们管，商家又说要等物流公司核实。",
            "这是给家里老人买的药品，拖这么久已经影响使用，损失{amount}元谁来承担。",
        ],
    ),
    (
        "收到的商品有质量问题，商家拒绝退换",
        [
            "我在{date}购买的电饭煲，订单号{order}，用了两次就无法加热。",
            "商品还在保修期内，商家却说是人为损坏，要我自己承担{amount}元维修费。",
            "我有开箱视频和使用记录，按照三包规定应当免费更换或者退货。",
        ],
    ),
    (
        "宽带故障报修{days}天无人上门",
        [
            "家里的宽带从{date}开始频繁断线，报修单号{order}，至今没有师傅上门。",
            "每月套餐费{amount}元照扣，我在家办公，断网已经造成了实际损失。",
            "客服热线每次都说已经加急，可是工单状态一直停留在待派单。",
        ],
    ),
    (
        "外卖少送菜品，申请赔付被驳回",
        [
            "{date}晚上点的外卖，订单{order}，少送了两份菜，价值{amount}元。",
            "我当场拍照并联系骑手，骑手说是商家漏装，商家说已经全部打包。",
            "平台在没有任何解释的情况下驳回了我的赔付申请，我对处理结果不满意。",
        ],
    ),
]
CLOSERS = [
    "我多次通过在线客服和电话反映，每次都要重新描述一遍问题，没有人跟进到底。",
    "请贵方在收到投诉后尽快核实情况，并给出明确的处理时间和联系人。",
    "如果三个工作日内仍然没有答复，我将向消费者协会和市场监管部门投诉。",
    "希望平台能够重视消费者的合法权益，不要一直用模板话术敷衍。",
    "我的诉求是全额退款并赔偿因此产生的损失，同时对相关人员的服务态度作出说明。",
    "相关截图、聊天记录和付款凭证我都已保存，可以随时提供给贵方核查。",
    "这件事已经严重影响了我的正常生活和工作，请务必认真对待。",
    "我的联系电话一直保持畅通，工作日和周末都可以联系我。",
    "之前也遇到过类似的问题，当时处理得很快，这次却迟迟得不到解决。",
    "请不要再让我重复提交材料，所有信息在之前的工单里都已经写清楚了。",
    "我理解处理需要时间，但至少应该告诉我目前进展到哪一步、还需要多久。",
    "在此期间我没有收到任何短信或邮件通知，只能自己一遍遍打电话询问。",
    "上一次客服承诺第二天回电，结果一直没有人联系我，承诺没有兑现。",
    "请把这次投诉的处理结果以书面形式回复给我，方便我留存。",
    "我身边的朋友也遇到了同样的情况，希望你们从流程上彻底解决这个问题。",
]


def complaint_text(i: int, rng: random.Random) -> tuple[str, str]:
    """The i-th complaint of a run: a title and a ~500-character body, as in the research."""
    title, details = CATEGORIES[i % len(CATEGORIES)]
    values = {
        "order": f"2025{rng.randrange(10**12):012d}",
        "amount": f"{rng.randrange(20, 5000)}.{rng.randrange(100):02d}",
        "days": rng.randrange(5, 31),
        "date": f"{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日",
    }
    body = "".join(d.format(**values) for d in details)
    for closer in rng.sample(CLOSERS, len(CLOSERS)):
        if len(body) >= 475:
            break
        if len(body) + len(closer) <= 540:
            body += closer
    return title.format(**values), body


# -- a client that opens a new connection per request ----------------------------------------


async def _fresh_connection_worker(
    port: int, jobs: asyncio.Queue[int], make: loadgen.RequestFactory, result: loadgen.Result
) -> None:
    while True:
        try:
            index = jobs.get_nowait()
        except asyncio.QueueEmpty:
            return
        method, path, headers, body = make(index)
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        head += f"Content-Length: {len(body)}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        started = time.perf_counter()
        status = 0
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port), REQUEST_TIMEOUT
            )
            try:
                writer.write(head.encode() + b"\r\n" + body)
                answer = await asyncio.wait_for(reader.read(), REQUEST_TIMEOUT)  # to EOF
            finally:
                writer.close()
            status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0
        except (OSError, TimeoutError, ValueError, IndexError):
            status = 0
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if not 200 <= status < 400:
            result.errors += 1


def run_fresh_connections(
    port: int, n: int, concurrency: int, make: loadgen.RequestFactory
) -> loadgen.Result:
    """loadgen.run, but each request on a new connection closed after it (no keep-alive)."""

    async def go() -> loadgen.Result:
        jobs: asyncio.Queue[int] = asyncio.Queue()
        for index in range(n):
            jobs.put_nowait(index)
        result = loadgen.Result(n, concurrency, 0.0, [], 0, {})
        started = time.perf_counter()
        workers = [_fresh_connection_worker(port, jobs, make, result) for _ in range(concurrency)]
        await asyncio.wait_for(asyncio.gather(*workers), RUN_TIMEOUT)
        result.seconds = time.perf_counter() - started
        return result

    return asyncio.run(go())


# -- who used the cores during a timed run ---------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, name, CPU ticks including its reaped children), from /proc."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = raw[raw.rindex(")") + 2 :].split()
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        found[int(entry.name)] = (int(fields[1]), name, sum(map(int, fields[11:15])))
    return found


class CpuWatch:
    """Cores used during a timed run: the machine, the server's process tree, PostgreSQL (all
    of it, other users' backends included), this client, and the rest ("other": other jobs)."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.sample = self._sample()

    def _sample(self) -> tuple[float, int, int, int, float]:
        processes = _processes()
        total, idle = bench_http.machine_ticks()
        postgres = {
            pid
            for pid, (parent, name, _) in processes.items()
            if name == "postgres" and processes.get(parent, (0, ""))[1] != "postgres"
        }
        usage = os.times()
        return (
            time.monotonic(),
            total - idle,  # all but idle and iowait
            bench_http.tree_ticks(processes, {self.server_pid}),
            bench_http.tree_ticks(processes, postgres),
            usage.user + usage.system,
        )

    def cores(self) -> dict[str, float]:
        (t0, busy0, server0, pg0, client0) = self.sample
        (t1, busy1, server1, pg1, client1) = self._sample()
        span = (t1 - t0) or 1.0
        busy = (busy1 - busy0) / CLOCK_TICKS / span
        server = (server1 - server0) / CLOCK_TICKS / span
        postgres = (pg1 - pg0) / CLOCK_TICKS / span
        client = (client1 - client0) / span
        other = max(0.0, busy - server - postgres - client)
        return {
            "busy": round(busy, 2),
            "server": round(server, 2),
            "postgres": round(postgres, 2),
            "client": round(client, 2),
            "other": round(other, 2),
        }


def measured(result: loadgen.Result, watch: CpuWatch) -> dict:
    return {**result.row(), "cores": watch.cores(), "statuses": result.statuses}


# -- django-helpdesk -------------------------------------------------------------------------

SETTINGS = """
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "helpdesk-bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_cleanup",
    "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "hdproj.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "hdproj.wsgi.application"
if os.environ["HD_DB"] == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["HD_PG_NAME"],
            "USER": os.environ["HD_PG_USER"],
            "HOST": os.environ["HD_PG_HOST"],
            "PORT": os.environ["HD_PG_PORT"],
            "CONN_MAX_AGE": int(os.environ["HD_CONN_MAX_AGE"]),
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "CONN_MAX_AGE": int(os.environ["HD_CONN_MAX_AGE"]),
        }
    }
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
MEDIA_ROOT = BASE_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
HELPDESK_TEAMS_MODE_ENABLED = False
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ]
}
"""

URLS = """
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/auth/", include("rest_framework.urls")),
    path("", include("helpdesk.urls")),
]
"""

WSGI = """
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdproj.settings")
application = get_wsgi_application()
"""

BOOTSTRAP = """
import django

django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from helpdesk.models import EmailTemplate, Queue
from rest_framework.authtoken.models import Token

if not EmailTemplate.objects.exists():
    call_command("loaddata", "emailtemplate.json", verbosity=0)
queue = Queue.objects.create(title="Complaints", slug="complaints")
user = get_user_model().objects.create_user("bench", "bench@example.com", is_staff=True)
print(queue.pk, Token.objects.create(user=user).key)
"""


def helpdesk_python() -> Path:
    """The bench-only venv with django-helpdesk and its pins, built with pip on first use."""
    python = VENV / "bin" / "python"
    stamp = VENV / "kefu-bench-pins.txt"
    wanted = "\n".join(HELPDESK_PINS) + "\n"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(f"building {VENV.relative_to(ROOT)} (django-helpdesk 2.6.1 and its pins) ...")
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=120)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *HELPDESK_PINS],
        check=True,
        timeout=900,
    )
    stamp.write_text(wanted)
    return python


def drop_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_logged(argv: list[str], env: dict[str, str], cwd: Path, log: Path):
    with log.open("wb") as out:
        return subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)


def wait_or_explain(port: int, path: str, log: Path) -> None:
    try:
        bench_http.wait_http(port, path)
    except RuntimeError:
        print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
        raise


def bench_helpdesk(db: str, work: Path, n: int, c: int, conn_max_age: int) -> dict:
    python = helpdesk_python()
    project = work / "helpdesk"
    (project / "hdproj").mkdir(parents=True)
    for name, text in [
        ("__init__.py", ""),
        ("settings.py", SETTINGS),
        ("urls.py", URLS),
        ("wsgi.py", WSGI),
    ]:
        (project / "hdproj" / name).write_text(text.lstrip())
    (project / "bootstrap.py").write_text(BOOTSTRAP.lstrip())
    pg = HD_PG_URL.removeprefix("postgresql://")  # user@host:port/name
    user, _, rest = pg.partition("@")
    host_port, _, pg_name = rest.partition("/")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(project),  # anything gunicorn or pip might write goes to the temp dir
        "PYTHONPATH": str(project),
        "DJANGO_SETTINGS_MODULE": "hdproj.settings",
        "HD_DB": db,
        "HD_CONN_MAX_AGE": str(conn_max_age),
        "HD_PG_NAME": pg_name,
        "HD_PG_USER": user,
        "HD_PG_HOST": host_port.partition(":")[0],
        "HD_PG_PORT": host_port.partition(":")[2] or "5432",
    }
    if db == "postgres":
        bench_http.reset_postgres(HD_PG_URL)
    try:
        return _serve_helpdesk(python, project, env, work, n, c)
    finally:
        if db == "postgres":
            drop_postgres(HD_PG_URL)


def _serve_helpdesk(
    python: Path, project: Path, env: dict[str, str], work: Path, n: int, c: int
) -> dict:
    subprocess.run(
        [str(python), "-m", "django", "migrate", "-v0"],
        env=env,
        cwd=project,
        check=True,
        timeout=600,
    )
    boot = subprocess.run(
        [str(python), "bootstrap.py"],
        env=env,
        cwd=project,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    queue, token = boot.stdout.split()[-2:]
    port = bench_http.free_port()
    log = work / "gunicorn.log"
    proc = start_logged(
        [
            str(VENV / "bin" / "gunicorn"),
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--graceful-timeout",
            "5",
            "hdproj.wsgi:application",
        ],
        env,
        project,
        log,
    )
    rng = random.Random(11)
    try:
        wait_or_explain(port, "/api/tickets/", log)

        def make(i: int):
            title, description = complaint_text(i, rng)
            payload = {
                "queue": int(queue),
                "title": title,
                "description": description,
                "submitter_email": f"user{i}@example.com",
                "priority": 2 + i % 4,
            }
            return loadgen.json_post("/api/tickets/", payload, {"Authorization": f"Token {token}"})

        warm = run_fresh_connections(port, 20, 4, make)
        if warm.errors:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            raise RuntimeError(f"django-helpdesk warm-up failed: {warm.statuses}")
        watch = CpuWatch(proc.pid)
        return measured(run_fresh_connections(port, n, c, make), watch)
    finally:
        bench_http.stop(proc)


# -- Kefu ------------------------------------------------------------------------------------


def bench_kefu(db: str, work: Path, n: int, c: int) -> tuple[dict, dict]:
    """Kefu served as bench_http.py serves it: keep-alive creates, then fresh-connection ones."""
    url = bench_http.database_url(db, work, "vs_helpdesk")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KEFU_DATA_DIR": str(work),
        "KEFU_INTAKE_PER_CLIENT": "100000000",  # one address for all clients
        "KEFU_DEBUG": "0",
        "KEFU_ENV": "development",
        "KEFU_LOG_LEVEL": "WARNING",
    }
    try:
        return _serve_kefu(db, env, work, n, c)
    finally:
        if db == "postgres":
            drop_postgres(url)


def _serve_kefu(db: str, env: dict[str, str], work: Path, n: int, c: int) -> tuple[dict, dict]:
    kefu = [bench_http.PY, "-m", "kefu.config.cli"]
    for step in ("migrate", "demo"):
        subprocess.run(
            [*kefu, step], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, timeout=600
        )
    port = bench_http.free_port()
    log = work / "kefu.log"
    serve = [*kefu, "serve", "--workers", "2", "--port", str(port)]
    proc = start_logged([*serve, *bench_http.SERVE_ARGS.get(db, [])], env, ROOT, log)
    rng = random.Random(11)
    try:
        wait_or_explain(port, "/api/v1/health", log)

        def make(i: int):
            title, body = complaint_text(i, rng)
            payload = {**bench_http.complaint(i, rng), "subject": title, "body": body}
            key = {"Idempotency-Key": f"vs-helpdesk-{db}-{i}-{rng.random()}"}
            return loadgen.json_post("/api/v1/tickets", payload, key)

        loadgen.run(port, 20, 4, make)
        watch = CpuWatch(proc.pid)
        keep_alive, _ = loadgen.run(port, n, c, make)
        keep_alive_row = measured(keep_alive, watch)
        watch = CpuWatch(proc.pid)
        fresh = measured(run_fresh_connections(port, n, c, make), watch)
        # As bench_http.py: a fast intake that leaves tickets unassigned is not the intake.
        fresh["unassigned"] = bench_http.unassigned_tickets(env["DATABASE_URL"])
        return keep_alive_row, fresh
    finally:
        bench_http.stop(proc)


# -- the run ---------------------------------------------------------------------------------


CORE_COLUMNS = {
    "busy": "busy",
    "server": "server",
    "postgres": "pg",
    "client": "client",
    "other": "other",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="both", choices=["sqlite", "postgres", "both"])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("-c", type=int, default=16)
    parser.add_argument(
        "--helpdesk-conn-max-age",
        type=int,
        default=0,
        help="django-helpdesk's CONN_MAX_AGE (Django's default 0 is the headline)",
    )
    args = parser.parse_args()
    # SIGTERM unwinds through the finally blocks as Ctrl-C does: no server is left behind.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    rows: list[tuple[str, str, dict | None]] = []
    ok = True
    for db in dbs:
        work = Path(tempfile.mkdtemp(prefix=f"kefu-vs-helpdesk-{db}-"))
        try:
            helpdesk = bench_helpdesk(db, work, args.n, args.c, args.helpdesk_conn_max_age)
            kefu, kefu_fresh = bench_kefu(db, work, args.n, args.c)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        ratio = kefu["per_s"] / helpdesk["per_s"] if helpdesk["per_s"] else 0.0
        fresh_ratio = kefu_fresh["per_s"] / helpdesk["per_s"] if helpdesk["per_s"] else 0.0
        met = ratio >= TARGET_RATIO and not helpdesk["errors"] and not kefu["errors"]
        met = met and not kefu_fresh["unassigned"]
        ok = ok and met
        rows += [
            (db, "django-helpdesk: POST /api/tickets/", helpdesk),
            (db, "Kefu: POST /api/v1/tickets", kefu),
            (db, "Kefu: same, new connection each", kefu_fresh),
            (db, f"Kefu tickets left unassigned: {kefu_fresh['unassigned']}", None),
            (
                db,
                f"Kefu / django-helpdesk = {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x: "
                f"{'met' if met else 'MISSED'}); new connection each: {fresh_ratio:.1f}x",
                None,
            ),
        ]
    print(
        f"\ndjango-helpdesk 2.6.1 vs Kefu, same run ({started}): n={args.n}, c={args.c}, "
        f"20 warm-up; django-helpdesk on gunicorn 2 sync workers (a new connection per "
        f"request), CONN_MAX_AGE={args.helpdesk_conn_max_age}; Kefu serve --workers 2 "
        f"(keep-alive, then a new connection per request)"
    )
    print(
        f"{'db':<9} {'what':<36} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>5} "
        + "  cores:"
        + "".join(f"{label:>7}" for label in CORE_COLUMNS.values())
    )
    for db, what, row in rows:
        if row is None:
            print(f"{db:<9} {what}")
            continue
        print(
            f"{db:<9} {what:<36} {row['per_s']:>8} {row['p50_ms']:>7} {row['p95_ms']:>7} "
            f"{row['p99_ms']:>7} {row['errors']:>5}        "
            + "".join(f"{row['cores'][key]:>7}" for key in CORE_COLUMNS)
        )
        if row["errors"]:
            print(f"{'':<9} statuses: {row['statuses']}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "helpdesk.json").write_text(
        json.dumps(
            [{"db": db, "what": what, **(row or {})} for db, what, row in rows],
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

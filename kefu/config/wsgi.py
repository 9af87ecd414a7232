import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.config.settings")
application = get_wsgi_application()

# The shield builds its tables on first use (~0.4 s): do it while the worker starts, not in
# the first complaint a frightened user sends after a deploy.
from kefu.shield import warm_up  # noqa: E402

warm_up()

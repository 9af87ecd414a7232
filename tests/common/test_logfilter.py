import logging

from kefu.common.logfilter import MaskSecretsInPaths, mask


def test_the_telegram_path_secret_is_masked():
    assert mask("Internal Server Error: /api/v1/channels/telegram/demo/s3cr3t") == (
        "Internal Server Error: /api/v1/channels/telegram/demo/[secret]"
    )


def test_a_tracking_token_is_masked():
    assert mask("GET /track/KF-1/?token=kft_abc&x=1") == "GET /track/KF-1/?token=[secret]&x=1"


def test_the_filter_rewrites_the_record():
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Error: %s",
        ("/api/v1/channels/telegram/demo/abc",),
        None,
    )
    MaskSecretsInPaths().filter(record)
    assert record.getMessage() == "Error: /api/v1/channels/telegram/demo/[secret]"

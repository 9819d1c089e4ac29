"""A local S3-compatible server for the media tests: moto in server mode, a real HTTP server
on a free port of 127.0.0.1 (in this test process, in memory), with the two buckets the
portal needs, set up as the README's deployment section asks for them: the public bucket
readable by everyone through its bucket policy, the private one by nobody without
credentials."""

import io
import json
import logging
import urllib.error
import urllib.request
import uuid

import boto3
from moto.server import ThreadedMotoServer

REGION = "eu-central-1"
# moto accepts any credentials; these are what the portal and the tests sign with.
ACCESS_KEY = "portal-test-access-key"
SECRET_KEY = "portal-test-secret-key"


def start_s3_server():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def public_read_policy(bucket):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicReadForGetBucketObjects",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


def create_media_buckets(endpoint):
    """A fresh public and private bucket (names unique to the caller): ``(public, private)``."""
    client = s3_client(endpoint)
    suffix = uuid.uuid4().hex[:12]
    public, private = f"portal-media-{suffix}", f"portal-private-{suffix}"
    for bucket in (public, private):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    client.put_bucket_policy(Bucket=public, Policy=public_read_policy(public))
    return public, private


def storage_options(endpoint, public, private):
    """``STORAGES["default"]["OPTIONS"]`` as the settings build them for ``MEDIA_STORAGE=s3``
    with ``AWS_S3_ENDPOINT_URL`` (path-style addressing)."""
    return {
        "public_bucket": public,
        "private_bucket": private,
        "endpoint_url": endpoint,
        "region_name": REGION,
        "addressing_style": "path",
        "custom_domain": "",
        "url_protocol": "https:",
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
    }


def server_environment(endpoint, public, private):
    """The environment variables that give an application server the same storage."""
    return {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": public,
        "AWS_PRIVATE_STORAGE_BUCKET_NAME": private,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def keys_in(endpoint, bucket):
    response = s3_client(endpoint).list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in response.get("Contents", [])}


def fetch_anonymously(url):
    """``(status, body)`` of a plain GET without credentials, as a reader's browser sends it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def files_under(*roots):
    """Every file below the given folders (missing folders hold none)."""
    from pathlib import Path

    return sorted(str(path) for root in roots for path in Path(root).rglob("*") if path.is_file())


def png_bytes(colour=(11, 79, 138), size=(120, 90)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()

"""The S3 API as a publish target, through boto3: AWS, and the stores that speak it
(Alibaba OSS, Cloudflare R2, MinIO, GCS's interoperability endpoint) with
``--endpoint-url``. Credentials come from boto3's usual chain (environment, the OIDC
role that aws-actions/configure-aws-credentials assumes, ~/.aws).

boto3 is imported here only, and this module only when a publish goes to ``s3://``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from .plan import Listed, PublishError, Put

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

_URL = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:/(.*))?")
_HINTS = {
    "NoSuchBucket": "the bucket does not exist (or is in another account)",
    "AccessDenied": "access denied: the role or keys lack s3:ListBucket, s3:GetObject, "
                    "s3:PutObject (and s3:DeleteObject for --prune) on it",
    "InvalidAccessKeyId": "the access key is not known to this endpoint",
    "SignatureDoesNotMatch": "the secret key does not match the access key",
    "ExpiredToken": "the credentials have expired; assume the role again",
}


def parse_url(url: str) -> tuple[str, str]:
    """``s3://BUCKET/PREFIX`` -> (bucket, prefix without slashes at its ends)."""
    m = _URL.fullmatch(url)
    if m is None:
        raise PublishError(f"{url!r} is not s3://BUCKET[/PREFIX] (a bucket name is 3 to 63 "
                           "lower-case letters, digits, '.' and '-')")
    prefix = (m[2] or "").strip("/")
    if prefix and any(part in ("", ".", "..") for part in prefix.split("/")):
        raise PublishError(f"{url!r}: the prefix has an empty, '.' or '..' part")
    return m[1], prefix


class S3Store:
    def __init__(self, url: str, endpoint_url: str | None = None,
                 client: S3Client | None = None) -> None:
        self.bucket, self.prefix = parse_url(url)
        self.where = f"s3://{self.bucket}" + (f"/{self.prefix}" if self.prefix else "")
        if client is None:
            session = boto3.session.Session()
            config = Config(retries={"mode": "standard", "max_attempts": 5},
                            max_pool_connections=16)
            with _errors(self.where, "set up"):
                client = session.client("s3", endpoint_url=endpoint_url, config=config,
                                        region_name=session.region_name or "us-east-1")
        self.client = client

    def recover(self) -> None:
        """Nothing to do: an S3 PUT is whole or absent, a kill leaves no part behind."""

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def list(self) -> dict[str, Listed]:
        out: dict[str, Listed] = {}
        start = f"{self.prefix}/" if self.prefix else ""
        with _errors(self.where, "list"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=start)
            for page in pages:
                for obj in page.get("Contents", []):
                    out[obj["Key"][len(start):]] = Listed(obj["Size"], obj["LastModified"])
        return out

    def get(self, key: str) -> bytes | None:
        with _errors(self.where, f"read {key}"):
            try:
                return self.client.get_object(Bucket=self.bucket,
                                              Key=self._key(key))["Body"].read()
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    return None
                raise

    def put(self, put: Put) -> None:
        with _errors(self.where, f"upload {put.key}"):
            self.client.put_object(Bucket=self.bucket, Key=self._key(put.key), Body=put.data,
                                   CacheControl=put.cache_control,
                                   ContentType=put.content_type)

    def delete(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        with _errors(self.where, "delete"):
            answer = self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": self._key(k)} for k in keys], "Quiet": True})
        failed = answer.get("Errors", [])
        if failed:
            first = failed[0]
            raise PublishError(f"{self.where}: could not delete {len(failed)} objects, e.g. "
                               f"{first.get('Key')}: {first.get('Message', first.get('Code'))}")


@contextmanager
def _errors(where: str, doing: str) -> Iterator[None]:
    """boto3's exceptions -> a message naming the target and what went wrong."""
    try:
        yield
    except NoCredentialsError:
        raise PublishError(f"{where}: no AWS credentials; set AWS_ACCESS_KEY_ID and "
                           "AWS_SECRET_ACCESS_KEY, a profile, or assume a role (OIDC in "
                           "CI: docs/workflows.md)") from None
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        hint = _HINTS.get(code, exc.response.get("Error", {}).get("Message", code))
        raise PublishError(f"{where}: cannot {doing}: {hint} ({code})") from None
    except BotoCoreError as exc:  # no endpoint, no network, a bad region ...
        raise PublishError(f"{where}: cannot {doing}: {exc}") from None

"""Inputs shared by the preview tests: a hostile Draft that also lacks translations."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write

# Would mark the page if it ever ran: the browser tests assert it did not.
SCRIPT_TITLE = "<script>document.documentElement.dataset.pwned='title'</script>"
IMG_NAME = "<img src=x onerror=\"document.body.id='pwned'\">"

HOSTILE_VERSION = f"""\
title:
  en-US: "{SCRIPT_TITLE}"
  zh-CN: 小程序服务
  zh-Hant-TW: 小程式服務
sections:
  - id: carousel
    type: carousel
    slides:
      - image: https://cdn.example.com/carousel/ride.png
        alt: {{en-US: Ride for less, ar-SA: تنقل بتكلفة أقل}}
        start: 2026-12-01T00:00:00+08:00
        end: 2026-12-13T00:00:00+08:00
  - id: picks
    type: custom
    name: {{en-US: "{IMG_NAME.replace('"', chr(92) + '"')}"}}
    max_items: 4
    mini_programs:
      - app_id: "3000000000000002"
        badge: {{type: text, text: {{en-US: "<b>", ar-SA: جديد}}}}
      - app_id: "3000000000000001"
        badge: {{type: image, style: red_dot}}
      - app_id: "3000000000000009"
        badge: {{type: image, style: new}}
  - id: recent
    type: recently_used
    name: {{en-US: Recently Used, ar-SA: المستخدمة مؤخرًا}}
    max_items: 3
"""

IMAGES = {
    "https://cdn.example.com/carousel/ride.png",
    "https://cdn.example.com/icons/food.png",
    "https://cdn.example.com/icons/ride.png",
    "https://cdn.example.com/icons/groceries.png",
}


def add_hostile_draft(repo: Path, number: int = 4) -> Path:
    return write(repo, f"services/home/versions/{number}.yaml", HOSTILE_VERSION)

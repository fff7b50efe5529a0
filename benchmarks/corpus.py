"""A large, realistic minisvc repository, generated deterministically from a seed.

The shape follows what a super app group keeps: many services, each with a long
history of versions, a dozen locales in several scripts (right-to-left and CJK among
them), every section type, carousels with display windows, and custom sections that
recommend programs from a big catalog. The output validates clean, so a benchmark
measures the compiler's normal path, not its error path.

    python -m benchmarks.corpus /tmp/corpus                 # defaults (S=100, V=20, ...)
    python -m benchmarks.corpus /tmp/corpus --scale 4       # 4x the services
    python -m benchmarks.corpus /tmp/tiny -S 2 -V 3 -L 3 -K 5 -P 2 -C 20
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Realistic tags of a South-East / East Asian super app, default first; scripts vary.
LOCALES = [
    "en-US", "zh-CN", "zh-Hant-HK", "zh-Hant-TW", "id-ID", "th-TH", "ar-SA", "vi-VN",
    "ms-MY", "ja-JP", "ko-KR", "he-IL", "fil-PH", "hi-IN", "tr-TR", "pt-BR", "es-MX",
    "ru-RU", "fa-IR", "bn-BD", "km-KH", "my-MM", "lo-LA", "ur-PK",
]
def _split(words: str) -> list[str]:
    return words.split()


_WORDS = {
    "en": _split("deals daily picks ride food travel bills shop hotel movie play save win new"),
    "zh": _split("优惠 每日 精选 出行 美食 旅游 缴费 购物 酒店 电影 游戏 省钱 好礼 新品"),
    "zh-Hant": _split("優惠 每日 精選 出行 美食 旅遊 繳費 購物 酒店 電影 遊戲 省錢 好禮 新品"),
    "ar": _split("عروض يومية مختارات تنقل طعام سفر فواتير تسوق فندق سينما العب وفر اربح"),
    "he": _split("מבצעים יומי נבחרים נסיעה אוכל טיסות חשבונות קניות מלון סרט משחק חסכון"),
    "th": _split("ดีล ประจำวัน คัดสรร เดินทาง อาหาร ท่องเที่ยว บิล ช้อป โรงแรม หนัง เกม"),
    "ja": _split("お得 毎日 おすすめ 移動 グルメ 旅行 支払い 買い物 ホテル 映画 ゲーム"),
    "ko": _split("특가 매일 추천 이동 음식 여행 요금 쇼핑 호텔 영화 게임 절약"),
    "hi": _split("ऑफ़र रोज़ चुनिंदा सवारी खाना यात्रा बिल खरीदारी होटल फ़िल्म खेल"),
    "ru": _split("скидки день выбор поездки еда путешествия счета покупки отель кино"),
}
_BADGES = {"en": "NEW", "zh": "新", "zh-Hant": "新", "ar": "جديد", "he": "חדש", "th": "ใหม่",
           "ja": "新着", "ko": "신규", "hi": "नया", "ru": "НОВОЕ"}


@dataclass(frozen=True)
class Size:
    services: int = 100
    versions: int = 20
    locales: int = 12
    sections: int = 12
    programs: int = 12
    catalog: int = 2000
    seed: int = 1

    def scaled(self, factor: int) -> Size:
        """``factor`` times the services: the corpus, and the work, grow linearly."""
        return Size(self.services * factor, self.versions, self.locales, self.sections,
                    self.programs, self.catalog, self.seed)


def _family(locale: str) -> str:
    if locale.startswith("zh-Hant"):
        return "zh-Hant"
    lang = locale.split("-")[0]
    return lang if lang in _WORDS else "en"


def _q(text: str) -> str:
    """A YAML scalar: plain where safe, else JSON-style double quotes (valid YAML)."""
    if text and all(ch.isalnum() or ch in " -." for ch in text) and not text[0].isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    def __init__(self, size: Size) -> None:
        self.size = size
        self.locales = LOCALES[: size.locales]
        self.app_ids = [f"30{n:014d}" for n in range(1, size.catalog + 1)]
        # every 40th program is offline: listed, never recommended by a generated version
        self.online = [a for i, a in enumerate(self.app_ids) if i % 40 != 39] or self.app_ids

    def text(self, rng: random.Random, words: int, locales: list[str] | None = None) -> str:
        parts = []
        for locale in locales or self.locales:
            pool = _WORDS[_family(locale)]
            phrase = " ".join(rng.choice(pool) for _ in range(words))
            parts.append(f"{locale}: {_q(phrase.capitalize())}")
        return "{" + ", ".join(parts) + "}"

    def badge_text(self) -> str:
        return "{" + ", ".join(f"{loc}: {_q(_BADGES[_family(loc)])}" for loc in self.locales) + "}"

    def catalog(self, rng: random.Random) -> Iterator[str]:
        yield "# The mini programs that sections may recommend.\n"
        yield "mini_programs:\n"
        for i, app_id in enumerate(self.app_ids):
            yield f'  - app_id: "{app_id}"\n'
            yield f"    name: {self.text(rng, 2)}\n"
            yield f"    icon: https://cdn.example.com/icons/{app_id}.png\n"
            yield f"    status: {'offline' if i % 40 == 39 else 'online'}\n"

    def service(self, sid: str) -> str:
        lines = [f"# The Mini Service page {sid}.", f"id: {sid}",
                 f"default_locale: {self.locales[0]}", f"locales: [{', '.join(self.locales)}]"]
        if "zh-Hant-HK" in self.locales and "zh-Hant-TW" in self.locales:
            lines.append("fallbacks: {zh-Hant-HK: [zh-Hant-TW]}")
        return "\n".join(lines) + "\n"

    def release(self, index: int) -> str:
        """Services are spread over the stages, as in a real group at any moment."""
        last = self.size.versions
        stage = ("released", "releasing", "testing", "draft")[index % 4]
        number = max(1, last - (index % 4 == 0))
        lines = [f"version: {number}", f"stage: {stage}"]
        if stage == "releasing":
            lines.append(f"ratio: {5 + index % 90}")
        if stage == "testing":
            lines.append("testers: [alice@example.com, bob@example.com, qa-team@example.com]")
        return "\n".join(lines) + "\n"

    def version(self, rng: random.Random, sid: str, number: int) -> Iterator[str]:
        yield f"# {sid} v{number}\n"
        yield f"title: {self.text(rng, 2)}\n"
        yield "sections:\n"
        defaults = ("carousel", "banner", "favorites", "recently_used")
        for k in range(self.size.sections):
            kind = defaults[k] if k < len(defaults) else "custom"
            yield f"  - id: {kind.replace('_', '-') if kind != 'custom' else f'picks-{k}'}\n"
            yield f"    type: {kind}\n"
            yield from getattr(self, f"_{kind}")(rng, number, k)

    def _carousel(self, rng: random.Random, number: int, _k: int) -> Iterator[str]:
        yield "    slides:\n"
        for s in range(3):
            yield f"      - image: https://cdn.example.com/carousel/{number}-{s}.png\n"
            yield f"        alt: {self.text(rng, 3)}\n"
            app_id = rng.choice(self.online)
            yield f'        link: {{app_id: "{app_id}", page: pages/index?from=c{s}}}\n'
            if s == 0:
                month = 1 + number % 12
                yield f"        start: 2026-{month:02d}-01T00:00:00+08:00\n"
                yield f"        end: 2026-{month:02d}-15T00:00:00+08:00\n"

    def _banner(self, rng: random.Random, number: int, _k: int) -> Iterator[str]:
        yield f"    image: https://cdn.example.com/banner/{number}.png\n"
        yield f"    alt: {self.text(rng, 3)}\n"
        yield f"    link: {{url: https://example.com/promo/{number}}}\n"

    def _favorites(self, rng: random.Random, _n: int, _k: int) -> Iterator[str]:
        yield f"    name: {self.text(rng, 2)}\n"
        yield "    max_items: 8\n"

    _recently_used = _favorites

    def _custom(self, rng: random.Random, _n: int, _k: int) -> Iterator[str]:
        yield f"    name: {self.text(rng, 2)}\n"
        yield f"    max_items: {max(1, self.size.programs)}   # the console's Mini Program Number\n"
        yield "    mini_programs:\n"
        for j, app_id in enumerate(rng.sample(self.online, min(self.size.programs,
                                                                len(self.online)))):
            yield f'      - app_id: "{app_id}"\n'
            if j % 3 == 0:
                yield f"        badge: {{type: text, text: {self.badge_text()}}}\n"
            elif j % 4 == 1:
                yield f"        badge: {{type: image, style: {('red_dot', 'new')[j % 2]}}}\n"


def generate(root: Path, size: Size = Size()) -> Path:
    """Write the corpus under ``root`` (replacing it); returns ``root``."""
    if root.exists():
        shutil.rmtree(root)
    services = root / "services"
    services.mkdir(parents=True)
    w = _Writer(size)
    rng = random.Random(size.seed)
    (services / "catalog.yaml").write_text("".join(w.catalog(rng)), encoding="utf-8")
    for i in range(size.services):
        sid = f"svc-{i:03d}"
        folder = services / sid
        (folder / "versions").mkdir(parents=True)
        (folder / "service.yaml").write_text(w.service(sid), encoding="utf-8")
        (folder / "release.yaml").write_text(w.release(i), encoding="utf-8")
        for n in range(1, size.versions + 1):
            text = "".join(w.version(random.Random(f"{size.seed}/{sid}/{n}"), sid, n))
            (folder / "versions" / f"{n}.yaml").write_text(text, encoding="utf-8")
    return root


def size_options(parser: argparse.ArgumentParser) -> None:
    d = Size()
    parser.add_argument("-S", "--services", type=int, default=d.services)
    parser.add_argument("-V", "--versions", type=int, default=d.versions)
    parser.add_argument("-L", "--locales", type=int, default=d.locales,
                        help=f"at most {len(LOCALES)}")
    parser.add_argument("-K", "--sections", type=int, default=d.sections)
    parser.add_argument("-P", "--programs", type=int, default=d.programs, help="at most 50")
    parser.add_argument("-C", "--catalog", type=int, default=d.catalog)
    parser.add_argument("--seed", type=int, default=d.seed)
    parser.add_argument("--scale", type=int, default=1, help="multiply the services by this")


def size_from(args: argparse.Namespace) -> Size:
    if not 1 <= args.locales <= len(LOCALES):
        raise SystemExit(f"--locales must be 1..{len(LOCALES)}")
    if not 1 <= args.programs <= 50 or args.sections < 1 or args.versions < 1:
        raise SystemExit("--programs must be 1..50; --sections and --versions at least 1")
    size = Size(args.services, args.versions, args.locales, args.sections, args.programs,
                args.catalog, args.seed)
    return size.scaled(args.scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    size_options(parser)
    args = parser.parse_args()
    size = size_from(args)
    generate(args.out, size)
    print(f"wrote {size} to {args.out}")


if __name__ == "__main__":
    main()

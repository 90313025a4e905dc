#!/usr/bin/env python3
"""How often ingestion names the right language, on real translated text.

Builds excerpts from the translations Debian installs with GTK and GLib
(/usr/share/locale/*/LC_MESSAGES/{gtk30-properties,glib20}.mo: sentences
written by people, in twenty languages), writes each as a text file with a
neutral name and no declared language, runs `shortlist ingest` over them
and compares the language it detects with the one the text is in.

Three kinds of excerpt, per language:
  single  3 to 8 consecutive translated sentences (150 to 700 bytes);
  mixed   the same, with an English term of two to four words (taken from
          the English originals) after every sentence, as technical
          proposals mix in English names and terms;
  short   a title and a two-line summary.

The baseline in the same run is what ingestion gave before unsure answers
were kept: right only when CLD2 also called its answer reliable.

usage: bench/language/accuracy.py BUILD_DIR [--keep DIR] [--seed N]
"""
import argparse
import gettext
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

LOCALES = {
    "ar": "ar", "bg": "bg", "cs": "cs", "de": "de", "el": "el", "es": "es", "fa": "fa",
    "fr": "fr", "he": "he", "hi": "hi", "id": "id", "it": "it", "ja": "ja", "ko": "ko",
    "nl": "nl", "pl": "pl", "pt": "pt", "ru": "ru", "tr": "tr", "zh_CN": "zh",
}
ROOT = "/usr/share/locale"


def catalogue(locale, domain):
    path = os.path.join(ROOT, locale, "LC_MESSAGES", domain + ".mo")
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        translations = gettext.GNUTranslations(f)
    pairs = []
    for msgid, msgstr in translations._catalog.items():  # noqa: SLF001 - the parsed catalogue
        if not isinstance(msgid, str) or not msgid or not msgstr or msgstr == msgid:
            continue
        text = re.sub(r"\s+", " ", msgstr.replace("%s", "").replace("%d", "")).strip()
        if len(text) >= 20:
            pairs.append((msgid.strip(), text))
    pairs.sort()
    return pairs


def english_term(rng, pairs):
    words = re.findall(r"[A-Za-z][A-Za-z-]+", rng.choice(pairs)[0])
    if len(words) < 2:
        return "API"
    n = rng.randint(2, min(4, len(words)))
    start = rng.randint(0, len(words) - n)
    return " ".join(words[start:start + n])


def excerpts(rng, pairs, per_kind):
    out = []
    if len(pairs) < 20:
        return out
    for _ in range(per_kind):
        start = rng.randrange(len(pairs) - 10)
        sentences = [t for _, t in pairs[start:start + rng.randint(3, 8)]]
        text = " ".join(sentences)[:700]
        out.append(("single", text))
        mixed = " ".join(s + " " + english_term(rng, pairs) for s in sentences)[:800]
        out.append(("mixed", mixed))
    for _ in range(per_kind // 2):
        shorts = [t for _, t in pairs if len(t) <= 90]
        if len(shorts) < 3:
            break
        picked = rng.sample(shorts, 3)
        out.append(("short", picked[0] + "\n" + picked[1] + "\n" + picked[2]))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--keep")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-kind", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = args.keep or tempfile.mkdtemp(prefix="language-accuracy-")
    os.makedirs(folder, exist_ok=True)
    expected = {}
    for locale, code in LOCALES.items():
        pairs = catalogue(locale, "gtk30-properties") + catalogue(locale, "glib20")
        for kind, text in excerpts(rng, pairs, args.per_kind):
            name = "n%04d.txt" % (len(expected) + 1)
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(text + "\n")
            expected[name] = (code, kind)
    if not expected:
        sys.exit("no translations found under " + ROOT + " (install GTK 3's and GLib's)")
    run = subprocess.run([os.path.join(args.build, "shortlist"), "ingest", folder],
                         capture_output=True, text=True)
    found = {}
    current = None
    for line in run.stdout.splitlines():
        m = re.match(r"(accepted|quarantined)\s+(\S+)", line)
        if m:
            current = os.path.basename(m.group(2))
            if m.group(1) == "quarantined":
                found[current] = ("quarantined", False)
            continue
        m = re.search(r"language (\S+) \(detected(:[^)]*\)?)?", line)
        if m and current:
            found[current] = (m.group(1), "(uncertain)" not in line)
    totals, right, sure_right = Counter(), Counter(), Counter()
    misses = defaultdict(list)
    for name, (code, kind) in expected.items():
        got, sure = found.get(name, ("missing", False))
        for key in (kind, "all"):
            totals[key] += 1
            right[key] += got == code
            sure_right[key] += got == code and sure
        if got != code:
            misses[code].append("%s %s→%s" % (name, kind, got))
    print("%-7s %6s %9s %9s" % ("kind", "texts", "now", "baseline"))
    for key in ("single", "mixed", "short", "all"):
        if totals[key]:
            print("%-7s %6d %8.1f%% %8.1f%%" % (key, totals[key], 100 * right[key] / totals[key],
                                               100 * sure_right[key] / totals[key]))
    print("languages: %d; misses: %d" % (len(LOCALES), totals["all"] - right["all"]))
    for code in sorted(misses):
        print("  %s: %s" % (code, ", ".join(misses[code])))
    if not args.keep:
        print("(texts in %s)" % folder)


if __name__ == "__main__":
    main()

"""Benchmark: from a saved change to the reloaded page in `kindreflex serve` (target < 300 ms).

Runs the real server in its own process and the real page in headless Chromium; the time runs
from just before the file is written until the page shows the new text.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def measure(rounds: int = 7) -> dict[str, float]:
    """Median and worst save-to-reloaded-page time in ms, for one sector page."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(REPO / "frameworks", root / "frameworks")
        server = subprocess.Popen(
            [sys.executable, "-m", "kindreflex", "serve", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert server.stdout is not None
            match = re.search(r"at (http://\S+/)", server.stdout.readline())
            assert match
            framework = root / "frameworks" / "handelingskader.yaml"
            original = framework.read_text(encoding="utf-8")
            anchor = re.search(r'title:\n\s+nl: "([^"]+)"', original)
            assert anchor
            times = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page()
                page.goto(match.group(1) + "nl/sport.html")
                # The page notes when the new content is painted (the frame after the swap),
                # so the figure does not include Playwright's own polling delay.
                page.evaluate("() => { window.painted = []; document.addEventListener("
                              "'kr-updated', () => requestAnimationFrame(() => "
                              "window.painted.push(Date.now()))); }")
                for number in range(rounds + 1):
                    marker = f"Meting {number}"
                    text = original.replace(anchor.group(0),
                                            anchor.group(0).replace(anchor.group(1), marker), 1)
                    start = time.time() * 1000
                    framework.write_text(text, encoding="utf-8")
                    page.wait_for_function(f"() => document.body.innerText.includes('{marker}')",
                                           timeout=10_000)
                    painted = page.evaluate("() => window.painted[window.painted.length - 1]")
                    if number:  # the first round warms the caches, as an editor's first save
                        times.append(painted - start)
                    time.sleep(0.3)
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.communicate(timeout=10)
    return {"serve_reload_ms_median": round(statistics.median(times), 1),
            "serve_reload_ms_worst": round(max(times), 1)}


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, indent=2)
    print()

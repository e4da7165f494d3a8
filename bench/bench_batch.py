"""`kindreflex batch` benchmark: cost per organisation, parallel speed-up, no-op rerun, memory.

Prints one JSON object. Speed is reported as ratios against a full render of the same
personalised plan measured in the same run (as in README.md); the shipped framework, sector sport,
Dutch, PDF only. Every batch runs as its own `python -m kindreflex` process.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000"}
HEADER = "id,name,contact_name,contact_phone,contact_email,url,extra_contacts\n"


def org_csv(path: Path, count: int) -> Path:
    """`count` made-up organisations with a contact person, an extra contact and a URL."""
    rows = [HEADER]
    for n in range(count):
        rows.append(f"club-{n:05d},Sportclub {n} Oost,Contact Persoon {n},"
                    f"0470 {n // 10000:02d} {n // 100 % 100:02d} {n % 100:02d},"
                    f"info@club{n}.be,https://club{n}.be/veilig,Secretariaat|09 266 11 11\n")
    path.write_text("".join(rows), encoding="utf-8")
    return path


def batch(orgs: Path, out: Path, *extra: str) -> float:
    """Whole-process seconds of one `kindreflex batch sport` run."""
    command = [sys.executable, "-m", "kindreflex", "batch", "sport", "--root", str(REPO),
               "--orgs", str(orgs), "--out", str(out), "--format", "pdf", "--quiet", *extra]
    start = time.perf_counter()
    subprocess.run(command, check=True, env=ENV, capture_output=True)
    return time.perf_counter() - start


def tagged(pdf: Path) -> bool:
    """True if a batch PDF has a structure tree and says it is tagged (what the cost includes)."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        mark = document.Root.get("/MarkInfo")
        return "/StructTreeRoot" in document.Root and bool(mark and mark.get("/Marked"))


def peak_memory_kib(orgs: Path, out: Path, jobs: int) -> int:
    """Peak resident memory (KiB) of the batch process and of each of its workers."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    command = [sys.executable, "-c", probe, sys.executable, "-m", "kindreflex", "batch",
               "sport", "--root", str(REPO), "--orgs", str(orgs), "--out", str(out),
               "--format", "pdf", "--lang", "nl", "--quiet", "--jobs", str(jobs)]
    result = subprocess.run(command, check=True, env=ENV, capture_output=True, text=True)
    return int(result.stdout.strip())


def full_render_seconds(repeats: int = 2) -> float:
    """Seconds for one full render (one WeasyPrint document) of a personalised plan."""
    code = (
        "import time\n"
        "from pathlib import Path\n"
        "from kindreflex.batch.tasks import OrgSpec, Part, full_task\n"
        "from kindreflex.render.i18n import build_date\n"
        "from kindreflex.framework.project import load_project\n"
        "from kindreflex.render.theme import theme_for\n"
        f"root = Path({str(REPO)!r})\n"
        "part = Part(load_project(root).plan('sport'), 'nl', theme_for(root), build_date())\n"
        "spec = OrgSpec('club-1', 'Sportclub 1 Oost', (('Contact Persoon 1', '0470 00 00 01',"
        " 'info@club1.be'), ('Secretariaat', '09 266 11 11', None)),"
        " 'https://club1.be/veilig', 'x')\n"
        "full_task(part, spec)\n"  # warm-up: imports, fonts, caches
        "times = []\n"
        f"for _ in range({repeats}):\n"
        "    start = time.perf_counter(); full_task(part, spec)\n"
        "    times.append(time.perf_counter() - start)\n"
        "print(min(times))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=True, env=ENV,
                            capture_output=True, text=True, cwd=REPO)
    return float(result.stdout.strip())


def parallel_ceiling() -> float:
    """Speed-up this machine gives two independent full renders run in 2 processes vs 1.

    The control for the --jobs figures: on a shared or hyper-threaded machine it is well
    below 2, and no batch can beat it.
    """
    code = (
        "import multiprocessing, time\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from pathlib import Path\n"
        "from kindreflex.batch.tasks import OrgSpec, Part, full_task\n"
        "from kindreflex.render.i18n import build_date\n"
        "from kindreflex.framework.project import load_project\n"
        "from kindreflex.render.theme import theme_for\n"
        "def render(part):\n"
        "    spec = OrgSpec('c', 'Club', (('Jan', '0470 00 00 01', None),), None, 'x')\n"
        "    return len(full_task(part, spec))\n"
        "if __name__ == '__main__':\n"
        f"    root = Path({str(REPO)!r})\n"
        "    plan = load_project(root).plan('sport')\n"
        "    parts = [Part(plan, lang, theme_for(root), build_date()) for lang in ('nl', 'en')]\n"
        "    spawn = multiprocessing.get_context('spawn')\n"
        "    seconds = []\n"
        "    for workers in (1, 2):\n"
        "        with ProcessPoolExecutor(workers, mp_context=spawn) as pool:\n"
        "            list(pool.map(render, parts))\n"  # start and warm the workers
        "            start = time.perf_counter()\n"
        "            list(pool.map(render, parts))\n"
        "            seconds.append(time.perf_counter() - start)\n"
        "    print(seconds[0] / seconds[1])\n"
    )
    script = Path(tempfile.mkdtemp()) / "ceiling.py"
    script.write_text(code)
    result = subprocess.run([sys.executable, str(script)], check=True, env=ENV,
                            capture_output=True, text=True, cwd=REPO)
    return float(result.stdout.strip())


def main() -> None:
    """Run every measurement and print the figures."""
    figures: dict[str, object] = {"cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        full = full_render_seconds()
        figures["full_render_s"] = round(full, 3)

        orgs200 = org_csv(tmp / "orgs200.csv", 200)
        # One process, like the full render it is compared with: cost per organisation.
        seconds = batch(orgs200, tmp / "out200", "--lang", "nl", "--jobs", "1")
        per_org = seconds / 200
        figures["batch200_jobs1_s"] = round(seconds, 2)
        figures["batch_per_org_jobs1_s"] = round(per_org, 4)
        figures["per_org_vs_full_render"] = round(per_org / full, 4)
        figures["per_org_target"] = 0.1
        figures["batch_pdfs_tagged"] = tagged(tmp / "out200" / "nl" / "club-00000.pdf")

        # The no-op rerun of the 200-organisation batch, whole process (median of three).
        reruns = [batch(orgs200, tmp / "out200", "--lang", "nl") for _ in range(3)]
        figures["noop_rerun_200_s"] = round(statistics.median(reruns), 3)
        figures["noop_target_s"] = 0.5

        # 16 documents: 8 organisations in 2 languages (the shared parts render side by
        # side), and 16 organisations in 1 language (one shared part: a serial step).
        orgs8, orgs16 = org_csv(tmp / "orgs8.csv", 8), org_csv(tmp / "orgs16.csv", 16)
        for label, orgs, langs in (("8orgs_2langs", orgs8, ("nl", "en")),
                                   ("16orgs_1lang", orgs16, ("nl",))):
            lang_args = [arg for lang in langs for arg in ("--lang", lang)]
            one = batch(orgs, tmp / f"{label}-1", *lang_args, "--jobs", "1")
            two = batch(orgs, tmp / f"{label}-2", *lang_args, "--jobs", "2")
            figures[f"jobs2_speedup_{label}"] = round(one / two, 2)
        figures["jobs2_speedup_target"] = 1.6
        figures["machine_parallel_ceiling"] = round(parallel_ceiling(), 2)

        memory = {}
        for count in (100, 1000):
            orgs = org_csv(tmp / f"orgs{count}.csv", count)
            start = time.perf_counter()
            memory[count] = peak_memory_kib(orgs, tmp / f"mem{count}", 2)
            figures[f"batch{count}_jobs2_s"] = round(time.perf_counter() - start, 1)
            figures[f"peak_rss_{count}_mib"] = round(memory[count] / 1024, 1)
        figures["peak_rss_1000_vs_100"] = round(memory[1000] / memory[100], 3)
        figures["peak_rss_target"] = 1.25
    figures["bench_self_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    json.dump(figures, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()

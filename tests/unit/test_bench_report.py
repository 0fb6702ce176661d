"""The benchmark's table and target lines say what the measured figures say (timing is never asserted)."""
from __future__ import annotations

from typing import Any, Dict

from bench import load, report


def _results(project_p95: float, project_tput: float, only_project: bool = False) -> Dict[str, Any]:
    def config(f1: float, p95: float, tput: float, startup: float, rss: float) -> Dict[str, Any]:
        level = {"p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.2, "throughput_msg_s": tput,
                 "cpu_ms_per_message": {"rasa": 5.6, "actions": 2.6}, "identified_share": 1.0, "errors": 0}
        return {"training": {"seconds": 10, "cached": False},
                "understanding": {"examples": 786, "accuracy": f1, "macro_f1": f1, "groups": {},
                                  "out_of_scope_acted_on_as_topic": 0.02, "out_of_scope_routed_to_a_topic": 0.02,
                                  "fallback_share": 0.01},
                "speed": {"levels": {"1": level, "20": level}, "rasa_startup_s": startup, "actions_startup_s": 0.6,
                          "peak_rss_mb": {"rasa": rss, "actions": 80}}}

    configs = {"project": config(0.956, project_p95, project_tput, 3.9, 600)}
    if not only_project:
        configs["default"] = config(0.948, 1400, 23.4, 11.5, 900)
    return {"configs": configs, "args": {"concurrency": [1, 20]}}


def test_targets_met():
    lines = report.targets(_results(project_p95=210, project_tput=170))
    assert len(lines) == 7 and all(line.startswith("- ✓") for line in lines[:5]), lines
    assert "170.0 / 23.4 msg/s = 7.26×" in lines[1]
    assert all(line.startswith("- —") for line in lines[5:])  # no in-memory setup in this run


def test_the_persistent_store_is_judged_against_the_in_memory_one():
    results = _results(project_p95=210, project_tput=170)
    results["configs"]["project-in-memory"] = in_memory = _results(project_p95=200, project_tput=180)["configs"]["project"]
    in_memory["speed"]["levels"] = {k: dict(v, cpu_ms_per_message={"rasa": 5.0, "actions": 2.6})
                                    for k, v in in_memory["speed"]["levels"].items()}
    cpu, throughput = report.targets(results)[5:]
    assert cpu.startswith("- ✓") and "5.6 vs 5.0 ms (+0.6)" in cpu
    assert throughput.startswith("- ✓") and "170.0 / 180.0 msg/s = 94%" in throughput
    in_memory["speed"]["levels"]["20"]["throughput_msg_s"] = 200.0
    assert report.targets(results)[6].startswith("- ✗")


def test_targets_missed_are_marked():
    lines = report.targets(_results(project_p95=577, project_tput=90.1))
    assert lines[1].startswith("- ✗") and "3.85×" in lines[1]
    assert lines[2].startswith("- ✗") and "577 ms" in lines[2]


def test_targets_that_need_the_default_are_not_judged_without_it():
    lines = report.targets(_results(project_p95=210, project_tput=170, only_project=True))
    assert lines[0].startswith("- —") and lines[1].startswith("- —")
    assert lines[2].startswith("- ✓")


def test_table_has_ratios():
    table = report.markdown_table(_results(project_p95=210, project_tput=170))
    row = next(line for line in table.splitlines() if "throughput @20" in line)
    assert row.split("|")[2].strip() == "170.0" and row.split("|")[4].strip() == "7.26"


def test_load_script_names_a_demo_customer_by_phone_in_varied_notations():
    customers = load.demo_customers()
    assert len(customers) >= 40
    scripts = [load.script(n, customers) for n in range(5)]
    phones = [turns[2] for turns, _ in scripts]
    assert len(set(phones)) == 5 and all(turns[1] == "где моя посылка" for turns, _ in scripts)
    digits = "".join(ch for ch in phones[0] if ch.isdigit())
    assert digits.endswith(customers[0][0][2:])


def test_table_shows_the_project_with_and_without_its_speed_ups():
    results = _results(project_p95=210, project_tput=170)
    unpatched = results["configs"]["project"]["speed"]
    unpatched = {**unpatched, "levels": {k: {**v, "throughput_msg_s": 100.0} for k, v in unpatched["levels"].items()}}
    results["configs"] = {"project": results["configs"]["project"],
                          "project-no-speedups": {"label": "project, no speed-ups", "speed": unpatched},
                          "default": results["configs"]["default"]}
    lines = report.markdown_table(results).splitlines()
    assert [c.strip() for c in lines[0].split("|")[1:-1]] == [
        "metric", "project", "project, no speed-ups", "default", "project/no speed-ups", "project/default"]
    throughput = [c.strip() for c in next(line for line in lines if "throughput @20" in line).split("|")[1:-1]]
    assert throughput[1:] == ["170.0", "100.0", "23.4", "1.70", "7.26"]
    training = [c.strip() for c in next(line for line in lines if "**training**" in line).split("|")[1:-1]]
    assert training[1:4] == ["10", "—", "10"]  # one model, measured in the column of its first setup


def test_held_out_figures_show_their_intervals_and_an_interval_has_no_ratio():
    results = _results(project_p95=210, project_tput=170)
    for name, f1 in (("project", 0.975), ("default", 0.922)):
        figures = {"in_domain_macro_f1": f1, "in_domain_macro_f1_interval": [f1 - 0.012, f1 + 0.01],
                   "out_of_domain_acted_on_as_topic": 0.021, "out_of_domain_acted_on_interval": [0.0, 0.074]}
        results["configs"][name]["understanding"]["sets"] = {"project": {"written": figures, "speech": figures}}
    lines = report.markdown_table(results).splitlines()
    f1_row = next(i for i, line in enumerate(lines) if "project set, written: in-domain macro-F1" in line)
    assert [cell.strip() for cell in lines[f1_row].split("|")[2:5]] == ["0.975", "0.922", "1.06"]
    assert [cell.strip() for cell in lines[f1_row + 1].split("|")[2:5]] == ["0.963–0.985", "0.910–0.932", "—"]
    assert [cell.strip() for cell in lines[f1_row + 3].split("|")[2:5]] == ["0.0%–7.4%", "0.0%–7.4%", "—"]

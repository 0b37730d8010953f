#!/usr/bin/env python3
"""Turns an `causal-router experiment --json` file into the markdown tables of docs/experiments.md.

Usage: experiment_table.py RESULT.json
Prints (1) the main table (areas, quality at 0.3/0.5, paired differences against pooled and gold-only)
and (2) the §15 verdict per gold size for each Meta-Router."""
import json, sys

def fmt(v, p=4):
    return "–" if v is None else f"{v:.{p}f}"

res = json.load(open(sys.argv[1]))
rows = res["results"]
print(f"Project queries: {res['queries']}, test size {res['test_size']}, runs {res['runs']}, seed {res['seed']}, "
      f"normalisation {res['normalization']}, propensity {res['propensity']}, features: {res.get('features','')}\n")
print("| gold n | router | EG area (paper, cut-off) | full-ranking area | quality@0.3 | quality@0.5 | Δ̂ RMSE vs Δ | "
      "Δ̂ RMSE vs own target ψ − c·η |")
print("|---:|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    q, qs = r["quality_at"], r["quality_at_se"]
    d = f"{r['delta_rmse']:.3f}" if "delta_rmse" in r else ""
    dt = f"{r['delta_rmse_target']:.3f}" if "delta_rmse_target" in r else ""
    print(f"| {r['gold_size']} | {r['router']} | {r['eg_area']:.2f} ± {r['eg_area_se']:.2f} | "
          f"{r['full_ranking_area']:.2f} ± {r['full_ranking_area_se']:.2f} | {q['0.3']:.4f} ± {qs['0.3']:.4f} | "
          f"{q['0.5']:.4f} ± {qs['0.5']:.4f} | {d} | {dt} |")
print()
print("Paired differences on identical splits (mean difference, t = difference / paired SE):\n")
print("| gold n | router | metric | vs pooled | vs gold-only | §15 verdict |")
print("|---:|---|---|---:|---:|---|")
for r in rows:
    if not r["router"].startswith("meta_"):
        continue
    for metric in ("quality_at_0.3", "quality_at_0.5", "full_ranking_area", "eg_area"):
        p = r["paired_vs_pooled"].get(metric)
        g = r["paired_vs_gold_only"].get(metric)
        if not p or not g:
            continue
        worst = min(p["t"], g["t"])
        if p["mean_diff"] >= 0 and g["mean_diff"] >= 0:
            verdict = "beats both by ≥ 2 SE" if worst >= 2 else "at least the better of both (< 2 SE)"
        elif min(p["mean_diff"], g["mean_diff"]) < 0 and min(p["t"], g["t"]) > -2:
            verdict = "below one baseline, within 2 SE"
        else:
            verdict = "WORSE than a baseline by ≥ 2 SE"
        print(f"| {r['gold_size']} | {r['router']} | {metric} | {p['mean_diff']:+.4f} (t={p['t']:.1f}) | "
              f"{g['mean_diff']:+.4f} (t={g['t']:.1f}) | {verdict} |")

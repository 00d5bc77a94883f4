#!/usr/bin/env python3
"""Prints the shell command each task of the sparkrl_daily DAG runs for one logical date, one line per task, in the
DAG's order: `env SPARKRL_...=... bash -c '<bash_command>'`, i.e. what BashOperator runs (bash -c with the rendered
env added to the worker's environment). Rendered with the stand-in Airflow of tests/stub (no Airflow needed), so
tests can run exactly the commands the DAG builds (jobs/src/test/java/io/sparkrl/jobs/AirflowDagIT.java).

  python3 submit/airflow/render_commands.py --ds 2026-11-22 --master 'local[2]' --base-dir /tmp/runs --steps 2048

Each DAG setting is an option (--base-dir for base_dir, ...), given as the run's params (a trigger's conf); settings
not given fall back to Airflow Variables (here: AIRFLOW_VAR_SPARKRL_<NAME> in the environment), then the defaults.
"""
import argparse
import datetime
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_dag():
    sys.path.insert(0, os.path.join(HERE, "tests", "stub"))  # the stand-in airflow package
    sys.path.insert(0, HERE)
    import sparkrl_daily  # noqa: E402  (needs the path above)
    return sparkrl_daily


def rendered_commands(module, ds, conf):
    """[(task_id, command line)] in the DAG's order."""
    dag = module.dag
    context = dag.template_context(ds, conf)
    lines = []
    for task in dag.topological_sort():
        fields = task.render_template_fields(context)
        env = [f"{k}={v}" for k, v in fields["env"].items()]
        lines.append((task.task_id, shlex.join(["env", *env, "bash", "-c", fields["bash_command"]])))
    return lines


def main(argv=None):
    module = load_dag()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ds", required=True, help="the run's logical date, YYYY-MM-DD")
    parser.add_argument("--task-ids", action="store_true", help="print 'task_id<TAB>command' lines")
    for name, (default, what) in module.SETTINGS.items():
        parser.add_argument("--" + name.replace("_", "-"), dest=name, metavar="VALUE", help=f"{what} (default {default!r})")
    args = parser.parse_args(argv)
    try:
        datetime.date.fromisoformat(args.ds)
    except ValueError:
        print(f"render_commands.py: --ds {args.ds} is not a date: use YYYY-MM-DD, e.g. 2026-11-22", file=sys.stderr)
        return 2
    conf = {name: getattr(args, name) for name in module.SETTINGS if getattr(args, name) is not None}
    for task_id, line in rendered_commands(module, args.ds, conf):
        print(f"{task_id}\t{line}" if args.task_ids else line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The sparkrl_daily DAG, parsed with the stand-in Airflow of tests/stub (python3 stdlib only):

    python3 -m unittest discover -s submit/airflow/tests

Its rendered commands run here with bash against a fake sparkrl-submit.sh that records its arguments; the real
commands run in jobs/src/test/java/io/sparkrl/jobs/AirflowDagIT.java.
"""
import datetime
import os
import shlex
import subprocess
import sys
import tempfile
import textwrap
import unittest

AIRFLOW_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(AIRFLOW_DIR, "tests", "stub"))
sys.path.insert(0, AIRFLOW_DIR)

import render_commands  # noqa: E402
import sparkrl_daily  # noqa: E402

ORDER = ["record_bots", "pretrain", "train", "evaluate", "plot"]
DS = "2026-11-22"


class DagShapeTest(unittest.TestCase):
    def test_the_dag_runs_daily_from_a_fixed_start_without_catching_up(self):
        dag = sparkrl_daily.dag
        self.assertEqual("sparkrl_daily", dag.dag_id)
        self.assertEqual("@daily", dag.schedule)
        self.assertFalse(dag.catchup)
        self.assertEqual(1, dag.max_active_runs)
        self.assertIsNotNone(dag.start_date.tzinfo, "a naive start_date is read in the server's time zone")
        self.assertLess(dag.start_date, datetime.datetime(2026, 11, 22, tzinfo=datetime.timezone.utc))

    def test_five_tasks_in_a_chain(self):
        dag = sparkrl_daily.dag
        self.assertEqual(ORDER, [t.task_id for t in dag.topological_sort()])
        for before, after in zip(ORDER, ORDER[1:]):
            self.assertEqual({before}, dag.task_dict[after].upstream_task_ids)
            self.assertEqual({after}, dag.task_dict[before].downstream_task_ids)
        self.assertEqual(set(), dag.task_dict["record_bots"].upstream_task_ids)

    def test_every_task_retries_and_keeps_the_worker_environment(self):
        for task in sparkrl_daily.dag.tasks:
            self.assertEqual(1, task.retries, task.task_id)
            # Without append_env, BashOperator's env would replace PATH and JAVA_HOME.
            self.assertTrue(task.append_env, task.task_id)

    def test_templates_only_in_fields_airflow_renders(self):
        for task in sparkrl_daily.dag.tasks:
            for name, value in vars(task).items():
                if name not in task.template_fields and isinstance(value, str):
                    self.assertNotIn("{{", value, f"{task.task_id}.{name} would not be rendered by Airflow")

    def test_every_setting_is_a_param(self):
        self.assertEqual(set(sparkrl_daily.SETTINGS), set(sparkrl_daily.dag.params))


class RenderingTest(unittest.TestCase):
    def env(self, ds=DS, conf=None, variables=None, task="record_bots"):
        dag = sparkrl_daily.dag
        return dag.task_dict[task].render_template_fields(dag.template_context(ds, conf, variables))["env"]

    def test_the_run_directory_is_the_base_directory_and_the_date(self):
        for task in ORDER:
            env = self.env(conf={"base_dir": "/data/runs"}, task=task)
            self.assertEqual("/data/runs/2026-11-22", env["SPARKRL_RUN_DIR"], task)
            self.assertEqual("20261122", env["SPARKRL_SEED"], task)
        self.assertEqual("/data/runs/2026-11-23", self.env("2026-11-23", {"base_dir": "/data/runs"})["SPARKRL_RUN_DIR"])

    def test_param_then_variable_then_default(self):
        self.assertEqual("local[*]", self.env()["SPARKRL_MASTER"])
        self.assertEqual("/var/tmp/sparkrl/runs/2026-11-22", self.env()["SPARKRL_RUN_DIR"])
        variables = {"sparkrl_master": "yarn", "sparkrl_steps": "5000"}
        self.assertEqual("yarn", self.env(variables=variables)["SPARKRL_MASTER"])
        self.assertEqual("5000", self.env(variables=variables)["SPARKRL_STEPS"])
        overridden = self.env(conf={"master": "spark://h:7077"}, variables=variables)
        self.assertEqual("spark://h:7077", overridden["SPARKRL_MASTER"])
        self.assertEqual("5000", overridden["SPARKRL_STEPS"])

    def test_variables_from_the_environment_as_airflow_reads_them(self):
        os.environ["AIRFLOW_VAR_SPARKRL_ENV"] = "Acrobot-v1"
        try:
            self.assertEqual("Acrobot-v1", self.env()["SPARKRL_ENV"])
        finally:
            del os.environ["AIRFLOW_VAR_SPARKRL_ENV"]

    def test_unknown_params_and_dates_are_refused(self):
        with self.assertRaises(KeyError):
            self.env(conf={"mastre": "yarn"})
        with self.assertRaises(ValueError):
            self.env(ds="22/11/2026")


class RenderedCommandsTest(unittest.TestCase):
    """Runs the rendered commands with bash, as BashOperator does, against a fake sparkrl-submit.sh."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.home = os.path.join(self.tmp.name, "sparkrl home")  # a space on purpose
        os.makedirs(os.path.join(self.home, "submit"))
        self.calls = os.path.join(self.tmp.name, "calls")
        fake = os.path.join(self.home, "submit", "sparkrl-submit.sh")
        with open(fake, "w") as f:
            f.write(textwrap.dedent(f"""\
                #!/usr/bin/env bash
                # Records one call: its arguments, one per line, then a separator.
                {{ printf '%s\\n' "$@"; echo ---; }} >> {shlex.quote(self.calls)}
                # As train does, a train call leaves a run (its --run) with a config.json.
                verb=; prev=
                for a in "$@"; do
                  [[ "$a" == train ]] && verb=train
                  if [[ "$verb" == train && "$prev" == --run ]]; then mkdir -p "$a"; touch "$a/config.json"; fi
                  prev="$a"
                done
                """))
        os.chmod(fake, 0o755)
        self.base = os.path.join(self.tmp.name, "runs 'quoted'")

    def run_all(self, **conf):
        conf = {"home": self.home, "base_dir": self.base, **conf}
        results = []
        for task_id, line in render_commands.rendered_commands(sparkrl_daily, DS, conf):
            done = subprocess.run(["bash", "-c", line], capture_output=True, text=True, cwd=self.tmp.name)
            results.append((task_id, done))
        return results

    def calls_made(self):
        with open(self.calls) as f:
            return [call.strip("\n").split("\n") for call in f.read().split("---\n") if call.strip()]

    def test_each_task_submits_its_verb_with_the_days_directories(self):
        results = self.run_all(master="local[2]", submit_args="--conf 'spark.app.name=daily run' --cluster-jar",
                               train_args="--set n_envs=2 --checkpoint-every 4")
        for task_id, done in results:
            self.assertEqual(0, done.returncode, f"{task_id}: {done.stderr}")
        run = os.path.join(self.base, DS)
        calls = self.calls_made()
        self.assertEqual(["record-bots", "pretrain", "train", "play", "plot"], [c[5] for c in calls])
        for call in calls:
            self.assertEqual(["--master", "local[2]", "--conf", "spark.app.name=daily run", "--cluster-jar"], call[:5])
        record, pretrain, train, evaluate, plot = [c[5:] for c in calls]
        self.assertEqual(run + "/bots", record[record.index("--out") + 1])
        self.assertEqual("20261122", record[record.index("--seed") + 1])
        self.assertEqual(run + "/bots", pretrain[pretrain.index("--data") + 1])
        self.assertEqual(["--algo", "bc", "--learner", "ppo"], pretrain[3:7])
        self.assertEqual(run + "/pretrain", train[train.index("--init-from") + 1])
        self.assertEqual(["--set", "n_envs=2", "--checkpoint-every", "4", "--run", run + "/train"], train[-6:])
        self.assertEqual(run + "/evaluation.json", evaluate[evaluate.index("--summary") + 1])
        self.assertEqual(["plot", "--run", run + "/train"], plot)

    def test_a_retried_train_resumes_its_run(self):
        self.run_all()
        train = [line for task_id, line in render_commands.rendered_commands(
            sparkrl_daily, DS, {"home": self.home, "base_dir": self.base}) if task_id == "train"][0]
        open(self.calls, "w").close()
        self.assertEqual(0, subprocess.run(["bash", "-c", train], cwd=self.tmp.name).returncode)
        self.assertEqual([["--master", "local[*]", "train", "--run", os.path.join(self.base, DS, "train"), "--no-plots"]],
                         self.calls_made())

    def test_a_dqn_day_pretrains_offline_dqn_and_linear_q_is_refused(self):
        self.run_all(algo="dqn")
        self.assertEqual(["pretrain", "--data"], self.calls_made()[1][2:4])
        self.assertIn("--algo\ndqn", "\n".join(self.calls_made()[1]))
        results = dict(self.run_all(algo="linear-q"))
        self.assertEqual(2, results["pretrain"].returncode)
        self.assertIn("algo linear-q cannot be pretrained", results["pretrain"].stderr)

    def test_a_failing_submit_fails_the_task(self):
        with open(os.path.join(self.home, "submit", "sparkrl-submit.sh"), "a") as f:
            f.write("exit 3\n")
        for task_id, done in self.run_all():
            self.assertEqual(3, done.returncode, task_id)


class RenderCommandsCliTest(unittest.TestCase):
    def cli(self, *args):
        return subprocess.run([sys.executable, os.path.join(AIRFLOW_DIR, "render_commands.py"), *args],
                              capture_output=True, text=True)

    def test_one_line_per_task_in_order(self):
        done = self.cli("--ds", DS, "--master", "local[2]", "--base-dir", "/tmp/r", "--task-ids")
        self.assertEqual(0, done.returncode, done.stderr)
        lines = done.stdout.splitlines()
        self.assertEqual(ORDER, [line.split("\t")[0] for line in lines])
        for line in lines:
            words = shlex.split(line.split("\t")[1])
            self.assertEqual("env", words[0])
            self.assertIn("SPARKRL_RUN_DIR=/tmp/r/2026-11-22", words)
            self.assertIn("SPARKRL_MASTER=local[2]", words)
            self.assertEqual(["bash", "-c"], words[-3:-1])

    def test_a_bad_date_is_one_line_exit_two(self):
        done = self.cli("--ds", "2026-13-01")
        self.assertEqual(2, done.returncode)
        self.assertEqual(1, len(done.stderr.splitlines()), done.stderr)
        self.assertIn("YYYY-MM-DD", done.stderr)


if __name__ == "__main__":
    unittest.main()

"""submit/examples/*.sh --dry-run for every target: the printed spark-submit command carries the settings a sparkrl job
needs on that kind of cluster. No build and no Spark needed (a stand-in SPARK_HOME whose spark-submit is never run):

    python3 -m unittest discover -s submit/tests
"""
import os
import re
import shlex
import subprocess
import tempfile
import unittest

SUBMIT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(SUBMIT_DIR, "examples")
VERBS = ["rollout", "record-bots", "pretrain", "train", "query"]
TARGETS = ["standalone", "yarn", "k8s"]


def size_bytes(size):
    number, unit = re.fullmatch(r"(\d+)([kmgt]?)b?", size.lower()).groups()
    return int(number) * 1024 ** " kmgt".index(unit or " ")


class ExamplesDryRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.spark_home = os.path.join(cls.tmp.name, "spark")
        os.makedirs(os.path.join(cls.spark_home, "bin"))
        fake = os.path.join(cls.spark_home, "bin", "spark-submit")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\necho 'dry-run must not run spark-submit' >&2\nexit 9\n")
        os.chmod(fake, 0o755)
        cls.cluster_jar = os.path.join(cls.tmp.name, "sparkrl-jobs-cluster.jar")
        open(cls.cluster_jar, "w").close()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def example(self, verb, *args, spark_home=True):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK", "K8S_", "JAVA17"))}
        env["SPARKRL_CLUSTER_JAR"] = self.cluster_jar
        if spark_home:
            env["SPARK_HOME"] = self.spark_home
        return subprocess.run([os.path.join(EXAMPLES, verb + ".sh"), *args], capture_output=True, text=True, env=env)

    def command(self, verb, target, *extra):
        done = self.example(verb, "--target", target, "--dry-run", *extra)
        self.assertEqual(0, done.returncode, f"{verb} --target {target}: {done.stderr}")
        words = shlex.split(done.stdout)
        self.assertEqual(os.path.join(self.spark_home, "bin", "spark-submit"), words[0])
        return words

    @staticmethod
    def option(words, name):
        return [words[i + 1] for i, w in enumerate(words[:-1]) if w == name]

    def confs(self, words):
        return dict(c.split("=", 1) for c in self.option(words, "--conf"))

    def test_every_example_on_every_target_carries_the_sparkrl_settings(self):
        for verb in VERBS:
            for target in TARGETS:
                with self.subTest(verb=verb, target=target):
                    words = self.command(verb, target)
                    confs = self.confs(words)
                    master = self.option(words, "--master")[0]
                    self.assertTrue(master.startswith({"standalone": "spark://", "yarn": "yarn", "k8s": "k8s://https://"}[target]), master)
                    self.assertEqual(["client" if target == "standalone" else "cluster"], self.option(words, "--deploy-mode"))
                    for side in ("driver", "executor"):
                        options = confs[f"spark.{side}.extraJavaOptions"]
                        self.assertIn("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", options)
                        self.assertIn("-Djdk.reflect.useDirectMethodHandle=false", options)
                        self.assertRegex(options, r"-Dorg\.bytedeco\.javacpp\.maxBytes=\d+[kmg]")
                        self.assertIn("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", options)
                        self.assertIn("-Dorg.bytedeco.javacpp.cachedir=", options)
                        self.assertNotIn("-Dspark", options, "Spark refuses extraJavaOptions containing -Dspark")
                    self.assertEqual("1", confs["spark.executorEnv.OMP_NUM_THREADS"])
                    # The verb and its options follow the application jar.
                    app = words.index(verb)
                    self.assertEqual(self.cluster_jar if target != "k8s" else "local:///opt/sparkrl/sparkrl-jobs-cluster.jar",
                                     words[app - 1])
                    self.assertEqual(["io.sparkrl.jobs.cli.SparkRl"], self.option(words, "--class"))

    def test_memory_overhead_covers_nd4js_off_heap_where_the_cluster_enforces_it(self):
        for target in ("yarn", "k8s"):
            with self.subTest(target=target):
                confs = self.confs(self.command("train", target))
                max_bytes = re.search(r"maxBytes=(\S+)", confs["spark.executor.extraJavaOptions"]).group(1)
                for side in ("executor", "driver"):
                    overhead = confs[f"spark.{side}.memoryOverhead"]
                    self.assertGreaterEqual(size_bytes(overhead), size_bytes(max_bytes) + size_bytes("512m"),
                                            f"{side} memoryOverhead {overhead} vs ND4J off-heap {max_bytes}")

    def test_target_specific_settings(self):
        yarn = self.confs(self.command("rollout", "yarn"))
        self.assertEqual("1", yarn["spark.yarn.appMasterEnv.OMP_NUM_THREADS"])
        self.assertIn("spark.executorEnv.JAVA_HOME", yarn)
        self.assertTrue(yarn["spark.executor.extraJavaOptions"].endswith("cachedir=./javacpp-cache"))
        k8s_words = self.command("train", "k8s")
        k8s = self.confs(k8s_words)
        self.assertIn("spark.kubernetes.container.image", k8s)
        self.assertEqual("1", k8s["spark.kubernetes.driverEnv.OMP_NUM_THREADS"])
        self.assertEqual("spark", k8s["spark.kubernetes.authenticate.driver.serviceAccountName"])
        run = k8s_words[k8s_words.index("--run") + 1]
        mount = k8s["spark.kubernetes.executor.volumes.persistentVolumeClaim.runs.mount.path"]
        self.assertTrue(run.startswith(mount + "/"), f"train's run {run} is on the executors' volume {mount}")
        self.assertEqual(mount, k8s["spark.kubernetes.driver.volumes.persistentVolumeClaim.runs.mount.path"])
        standalone = self.command("rollout", "standalone")
        self.assertNotIn("spark.executor.memoryOverhead", self.confs(standalone))
        self.assertIn("--total-executor-cores", standalone)

    def test_options_after_double_dash_reach_spark_submit(self):
        words = self.command("query", "standalone", "--", "--master", "spark://other:7077", "--conf", "spark.ui.enabled=false")
        self.assertEqual("spark://other:7077", self.option(words, "--master")[-1], "the last --master wins in spark-submit")
        self.assertEqual("false", self.confs(words)["spark.ui.enabled"])
        self.assertLess(words.index("spark.ui.enabled=false"), words.index("query"))

    def test_bad_input_is_one_line_exit_two(self):
        for args in ([], ["--target", "mesos"], ["--target", "yarn", "--bogus"]):
            with self.subTest(args=args):
                done = self.example("rollout", *args)
                self.assertEqual(2, done.returncode, done.stderr)
                self.assertEqual(1, len(done.stderr.splitlines()), done.stderr)
                self.assertIn("--target", done.stderr + " ".join(args))

    def test_yarn_without_a_spark_distribution_is_refused(self):
        done = self.example("rollout", "--target", "yarn", "--dry-run", spark_home=False)
        self.assertNotEqual(0, done.returncode)
        self.assertIn("SPARK_HOME", done.stderr)


if __name__ == "__main__":
    unittest.main()

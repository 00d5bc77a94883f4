"""sparkrl daily pipeline: record bot experience -> pretrain -> train -> evaluate -> plot, one run directory per day.

Every task runs submit/sparkrl-submit.sh (spark-submit of the sparkrl CLI) with BashOperator. The settings below are
DAG params (editable per run: "Trigger DAG w/ config") that fall back to Airflow Variables `sparkrl_<name>`, then to
the defaults here. Installation and the worker's requirements: submit/airflow/README.md.

The run directory is {base_dir}/{ds}: bots/ (record-bots' steps and episodes tables), pretrain/ (the behaviour
clone), train/ (the fine-tuned run: checkpoints, metrics, PNG plots), evaluation.json (play --summary). Each task can be
retried: record-bots and pretrain start over, train resumes its run from the last checkpoint.

Values reach bash as environment variables (BashOperator's templated `env`), never spliced into the command text, so
quotes or spaces in a setting cannot change the command. submit_args and train_args are the exception by design: they
are parsed as shell words (e.g. `--cluster-jar --executor-memory 4g --conf spark.executor.memoryOverhead=3g`).
"""
from datetime import datetime, timedelta, timezone

from airflow import DAG

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

DAG_ID = "sparkrl_daily"

# Each setting: (default, what it is). Param `name`, else Variable `sparkrl_name`, else the default.
SETTINGS = {
    "home": ("/opt/sparkrl", "the sparkrl checkout (or copy) holding submit/ and the built jobs/target/"),
    "base_dir": ("/var/tmp/sparkrl/runs", "parent of the daily run directories: a path the driver can write "
                                          "(a shared mount if the driver may run on another machine)"),
    "master": ("local[*]", "spark-submit --master: local[N], spark://host:7077, yarn, k8s://https://..."),
    "submit_args": ("", "more spark-submit options, as shell words: --cluster-jar, --executor-memory 4g, --conf K=V, ..."),
    "env": ("CartPole-v1", "environment id (it needs a scripted bot: docs/BOTS.md)"),
    "algo": ("ppo", "ppo, a2c or reinforce (pretrained by behaviour cloning) or dqn (pretrained by offline DQN)"),
    "steps": ("100000", "env steps of online training (train --total-steps)"),
    "partitions": ("2", "Spark partitions of record-bots and train"),
    "bot_episodes": ("200", "episodes record-bots plays"),
    "bot_epsilon": ("0.1", "probability of a random action instead of the bot's"),
    "pretrain_epochs": ("5", "passes of pretrain over the recorded steps"),
    "eval_episodes": ("20", "episodes the evaluation plays"),
    "train_args": ("", "more options for a new train run, as shell words: --set n_envs=8 --checkpoint-every 10 ..."),
}


def setting(name):
    """The Jinja expression of one setting: the run's param, else the Airflow Variable, else the default."""
    default = SETTINGS[name][0]
    return "{{ params.%s or var.value.get('sparkrl_%s', %r) }}" % (name, name, default)


# What every task sees in its environment (BashOperator renders these templates per run).
ENV = {"SPARKRL_" + name.upper(): setting(name) for name in SETTINGS}
ENV["SPARKRL_RUN_DIR"] = setting("base_dir") + "/{{ ds }}"
ENV["SPARKRL_SEED"] = "{{ ds_nodash }}"  # a new seed every day, the same one on a retry

# Shared by every task: strict bash, the spark-submit command as an array, the day's run directory.
PRELUDE = ('set -euo pipefail; eval "extra=($SPARKRL_SUBMIT_ARGS)"; '
           'submit=("$SPARKRL_HOME/submit/sparkrl-submit.sh" --master "$SPARKRL_MASTER" ${extra[@]+"${extra[@]}"}); '
           'run="${SPARKRL_RUN_DIR:?}"; ')

COMMANDS = {
    "record_bots": (
        'rm -rf "$run/bots"; mkdir -p "$run"; '
        '"${submit[@]}" record-bots --env "$SPARKRL_ENV" --episodes "$SPARKRL_BOT_EPISODES" '
        '--epsilon "$SPARKRL_BOT_EPSILON" --partitions "$SPARKRL_PARTITIONS" --seed "$SPARKRL_SEED" --out "$run/bots"'),
    "pretrain": (
        'case "$SPARKRL_ALGO" in dqn) how=(--algo dqn);; ppo|a2c|reinforce) how=(--algo bc --learner "$SPARKRL_ALGO");; '
        '*) echo "sparkrl_daily: algo $SPARKRL_ALGO cannot be pretrained: use ppo, a2c, reinforce or dqn" >&2; exit 2;; esac; '
        'rm -rf "$run/pretrain"; '
        '"${submit[@]}" pretrain --data "$run/bots" "${how[@]}" --epochs "$SPARKRL_PRETRAIN_EPOCHS" --seed "$SPARKRL_SEED" '
        '--run "$run/pretrain"'),
    # A retry resumes the run (train refuses new-run options on an existing run).
    "train": (
        'if [[ -f "$run/train/config.json" ]]; then "${submit[@]}" train --run "$run/train" --no-plots; '
        'else eval "targs=($SPARKRL_TRAIN_ARGS)"; '
        '"${submit[@]}" train --env "$SPARKRL_ENV" --algo "$SPARKRL_ALGO" --init-from "$run/pretrain" '
        '--total-steps "$SPARKRL_STEPS" --partitions "$SPARKRL_PARTITIONS" --seed "$SPARKRL_SEED" --no-plots '
        '${targs[@]+"${targs[@]}"} --run "$run/train"; fi'),
    "evaluate": (
        '"${submit[@]}" play --run "$run/train" --episodes "$SPARKRL_EVAL_EPISODES" --deterministic '
        '--seed "$SPARKRL_SEED" --summary "$run/evaluation.json"'),
    "plot": '"${submit[@]}" plot --run "$run/train"',
}

with DAG(
    DAG_ID,
    description="sparkrl: bots -> pretrain -> train -> evaluate -> plot, daily",
    doc_md=__doc__,
    schedule="@daily",
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    params={name: "" for name in SETTINGS},
    default_args={"retries": 1, "retry_delay": timedelta(minutes=5)},
    tags=["sparkrl"],
) as dag:
    tasks = [
        BashOperator(task_id=task_id, bash_command=PRELUDE + command, env=ENV, append_env=True)
        for task_id, command in COMMANDS.items()
    ]
    for upstream, downstream in zip(tasks, tasks[1:]):
        upstream >> downstream

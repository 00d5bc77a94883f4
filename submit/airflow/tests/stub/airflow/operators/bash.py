"""Stand-in for airflow.operators.bash (see airflow/__init__.py)."""
from airflow import BaseOperator


class BashOperator(BaseOperator):
    template_fields = ("bash_command", "env", "cwd")

    def __init__(self, *, task_id, bash_command, env=None, append_env=False, cwd=None, **kwargs):
        self.bash_command = bash_command
        self.env = env
        self.append_env = append_env
        self.cwd = cwd
        super().__init__(task_id=task_id, **kwargs)

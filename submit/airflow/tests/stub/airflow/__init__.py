"""A stand-in for the few Airflow classes submit/airflow/sparkrl_daily.py uses, for tests where Airflow is not
installed (python3 stdlib only): DAG, operators with `>>`/`<<` chaining, and rendering of the templated fields.

Templates: `{{ EXPR }}` is evaluated as a Python expression over the context Airflow gives Jinja for the names the DAG
uses: ds, ds_nodash, params (attribute access), var.value.get(name, default). Unlike Jinja's default, an unknown name
is an error, so a typo in the DAG fails the tests. Only an operator's `template_fields` are rendered, as in Airflow.
"""
import datetime
import os
import re

__version__ = "0.0-stub"

_TEMPLATE = re.compile(r"\{\{(.*?)\}\}", re.S)


class _AttrDict(dict):
    """Jinja lets templates write params.name for params['name']."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise NameError(f"params.{name} is not a DAG param") from None


class _VariableAccessor:
    """var.value in templates: Airflow Variables, here from a dict, else AIRFLOW_VAR_<NAME> in the environment
    (where real Airflow also looks first)."""

    def __init__(self, variables):
        self._variables = dict(variables or {})

    def get(self, name, default=None):
        if name in self._variables:
            return self._variables[name]
        return os.environ.get("AIRFLOW_VAR_" + name.upper(), default)


class _Var:
    def __init__(self, variables):
        self.value = _VariableAccessor(variables)


def render_template(text, context):
    """Replaces each {{ expr }} in text by str(expr) evaluated over context."""
    for jinja_only in ("{%", "{#"):  # Jinja would read these as a statement or a comment (bash's ${#array[@]})
        if jinja_only in text:
            raise ValueError(f"{jinja_only!r} in a template: Jinja would not pass it through to bash: {text}")

    def one(match):
        value = eval(match.group(1).strip(), {"__builtins__": {}}, context)  # noqa: S307 - test stand-in, trusted input
        return "" if value is None else str(value)

    return _TEMPLATE.sub(one, text)


def _render(value, context):
    if isinstance(value, str):
        return render_template(value, context)
    if isinstance(value, dict):
        return {k: _render(v, context) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_render(v, context) for v in value)
    return value


class DAG:
    _current = []

    def __init__(self, dag_id, *, schedule=None, start_date=None, catchup=True, params=None, default_args=None,
                 tags=None, doc_md=None, description=None, max_active_runs=16, **kwargs):
        if "schedule_interval" in kwargs:
            raise TypeError("schedule_interval is gone in Airflow 3: use schedule")
        self.dag_id = dag_id
        self.schedule = schedule
        self.start_date = start_date
        self.catchup = catchup
        self.params = dict(params or {})
        self.default_args = dict(default_args or {})
        self.tags = list(tags or [])
        self.doc_md = doc_md
        self.description = description
        self.max_active_runs = max_active_runs
        self.task_dict = {}

    def __enter__(self):
        DAG._current.append(self)
        return self

    def __exit__(self, *exc):
        DAG._current.pop()

    @property
    def tasks(self):
        return list(self.task_dict.values())

    @property
    def task_ids(self):
        return list(self.task_dict)

    def add_task(self, task):
        if task.task_id in self.task_dict:
            raise ValueError(f"duplicate task_id {task.task_id}")
        self.task_dict[task.task_id] = task

    def topological_sort(self):
        done, order = set(), []
        pending = self.tasks
        while pending:
            ready = [t for t in pending if t.upstream_task_ids <= done]
            if not ready:
                raise ValueError(f"cycle among {[t.task_id for t in pending]}")
            for t in ready:
                order.append(t)
                done.add(t.task_id)
            pending = [t for t in pending if t.task_id not in done]
        return order

    def template_context(self, ds, conf=None, variables=None):
        """What Jinja sees for a run of logical date ds (YYYY-MM-DD) triggered with conf (overriding params, as
        Airflow does by default)."""
        datetime.date.fromisoformat(ds)  # refuses anything else
        params = dict(self.params)
        for key, value in (conf or {}).items():
            if key not in params:
                raise KeyError(f"conf key {key} is not a DAG param ({', '.join(params)})")
            params[key] = value
        return {"ds": ds, "ds_nodash": ds.replace("-", ""), "params": _AttrDict(params), "var": _Var(variables)}


class BaseOperator:
    template_fields = ()

    def __init__(self, *, task_id, dag=None, **kwargs):
        self.task_id = task_id
        self.dag = dag or (DAG._current[-1] if DAG._current else None)
        if self.dag is None:
            raise ValueError(f"task {task_id} is not in a DAG")
        for key, value in {**self.dag.default_args, **kwargs}.items():
            setattr(self, key, value)
        self.upstream_task_ids = set()
        self.downstream_task_ids = set()
        self.dag.add_task(self)

    def set_downstream(self, others):
        for other in others if isinstance(others, (list, tuple)) else [others]:
            self.downstream_task_ids.add(other.task_id)
            other.upstream_task_ids.add(self.task_id)

    def __rshift__(self, other):
        self.set_downstream(other)
        return other

    def __lshift__(self, other):
        for o in other if isinstance(other, (list, tuple)) else [other]:
            o.set_downstream(self)
        return other

    def __rrshift__(self, other):  # [a, b] >> c
        self.__lshift__(other)
        return self

    def render_template_fields(self, context):
        """The operator's templated fields, rendered: {field: value}."""
        return {field: _render(getattr(self, field), context) for field in self.template_fields}

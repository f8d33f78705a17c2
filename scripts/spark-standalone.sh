#!/usr/bin/env bash
# A Spark standalone cluster on this machine: one master and one worker on 127.0.0.1, from the
# pyspark of the project's environment. It checks `qingfeng scan --engine spark --spark-master URL`
# against a real master (scheduling, the Splink jar shipped to an executor), not local mode.
#
#   scripts/spark-standalone.sh start STATE_DIR   prints spark://127.0.0.1:PORT once a worker registered
#   scripts/spark-standalone.sh stop STATE_DIR    stops both
#
# PYTHON names the interpreter whose pyspark is used (default .venv/bin/python). Logs: STATE_DIR/*.log.
set -euo pipefail
command=${1:?usage: spark-standalone.sh start|stop STATE_DIR}
state=${2:?usage: spark-standalone.sh start|stop STATE_DIR}
python=${PYTHON:-.venv/bin/python}

case "$command" in
start)
  spark_home=$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
  export SPARK_HOME="$spark_home"
  mkdir -p "$state/work"
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  url="spark://127.0.0.1:$port"
  "$spark_home/bin/spark-class" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0 >"$state/master.log" 2>&1 &
  echo $! >"$state/master.pid"
  "$spark_home/bin/spark-class" org.apache.spark.deploy.worker.Worker "$url" \
    --host 127.0.0.1 --cores 2 --memory 2g --webui-port 0 --work-dir "$state/work" >"$state/worker.log" 2>&1 &
  echo $! >"$state/worker.pid"
  for _ in $(seq 1 240); do
    if grep -q "Successfully registered with master" "$state/worker.log"; then
      echo "$url"
      exit 0
    fi
    sleep 0.5
  done
  echo "spark-standalone: no worker registered within 120 s; see $state/master.log, $state/worker.log" >&2
  exit 1
  ;;
stop)
  for role in worker master; do
    if [ -f "$state/$role.pid" ]; then
      kill "$(cat "$state/$role.pid")" 2>/dev/null || true
      rm -f "$state/$role.pid"
    fi
  done
  ;;
*)
  echo "usage: spark-standalone.sh start|stop STATE_DIR" >&2
  exit 2
  ;;
esac

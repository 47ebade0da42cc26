import sys
import threading

from nip_nlp.progress import progress_bar
from nip_nlp.runner import start_method


def test_the_progress_bar_runs_no_thread_so_workers_can_fork(monkeypatch):
    # rich redraws from a thread of its own unless told not to; with a thread running the
    # runner must spawn its workers (a lock held at fork deadlocks the child), and every
    # CLI run with a bar would lose fork's shared model and start-up savings.
    monkeypatch.delenv("NIP_NLP_START_METHOD", raising=False)
    before = threading.active_count()
    with progress_bar(2) as advance:
        assert threading.active_count() == before
        advance("a.pdf")
        if sys.platform.startswith("linux") and before == 1:
            assert start_method() == "fork"

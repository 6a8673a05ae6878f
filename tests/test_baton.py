"""briefer.baton: one article thread runs Python at a time; a model wait lets the others run."""

import threading
import time

from briefer import baton


def test_one_thread_at_a_time_and_waits_overlap():
    inside, most, lock = [0], [0], threading.Lock()

    def article():
        with baton.held():
            for _ in range(3):
                with lock:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0.002)  # CPU work stand-in, holding the baton
                with lock:
                    inside[0] -= 1
                with baton.released():  # the model request: others run meanwhile
                    time.sleep(0.05)

    threads = [threading.Thread(target=article) for _ in range(8)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not any(t.is_alive() for t in threads)
    assert most[0] == 1  # never two threads in their CPU turn at once
    assert time.perf_counter() - t0 < 8 * 3 * 0.05  # the 24 waits overlapped (serial would take 1.2 s)


def test_reentrant_and_a_no_op_for_threads_without_it():
    with baton.released():  # never took it: nothing to give back
        pass
    with baton.held():
        with baton.held():  # nested turn: no self-deadlock
            with baton.released():
                assert baton._baton.acquire(timeout=1)  # free while this thread waits
                baton._baton.release()
        assert not baton._baton.acquire(blocking=False)  # held again after the wait
    assert baton._baton.acquire(blocking=False)
    baton._baton.release()

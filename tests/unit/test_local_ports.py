"""Local servers' ports: free_port never gives one twice, and a RabbitMQ node's three listeners never share one."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from bot import local_stack  # noqa: E402
from bot.local_stack import free_port  # noqa: E402
from bot.rabbitmq_server import RabbitMQ  # noqa: E402


def test_ports_picked_alike_are_picked_again(tmp_path):
    shared = free_port()
    node = RabbitMQ(workdir=tmp_path, port=free_port(), dist_port=shared, epmd_port=shared)
    assert len({node.port, node.dist_port, node.epmd_port}) == 3


def test_distinct_ports_are_kept(tmp_path):
    node = RabbitMQ(workdir=tmp_path, port=40001, dist_port=40002, epmd_port=40003)
    assert (node.port, node.dist_port, node.epmd_port) == (40001, 40002, 40003)


def test_free_port_never_gives_a_port_twice(monkeypatch):
    # The system hands the same free port to two picks in a row (it did for a RabbitMQ node's two listeners).
    offered = iter([7, 7, 9])  # outside the ephemeral range: never given by an earlier real pick

    class Socket:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def bind(self, address):
            self.port = next(offered)

        def getsockname(self):
            return ("127.0.0.1", self.port)

    monkeypatch.setattr(local_stack.socket, "socket", Socket)
    assert [local_stack.free_port(), local_stack.free_port()] == [7, 9]

"""Local servers' ports: free_port never gives one twice, so a RabbitMQ node's three listeners never share one."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from bot import local_stack  # noqa: E402
from bot.rabbitmq_server import RabbitMQ  # noqa: E402


def _system_offering(monkeypatch, ports):
    """The system hands out `ports` in turn, the same one twice in a row (it did for a RabbitMQ node's epmd and
    distribution listeners, and the node then exited with 0 at start)."""
    offered = iter(ports)

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


def test_free_port_never_gives_a_port_twice(monkeypatch):
    _system_offering(monkeypatch, [7, 7, 9])  # outside the ephemeral range: never given by an earlier real pick
    assert [local_stack.free_port(), local_stack.free_port()] == [7, 9]


def test_a_rabbitmq_nodes_three_listeners_get_three_ports(monkeypatch, tmp_path):
    _system_offering(monkeypatch, [11, 12, 12, 13])
    node = RabbitMQ(workdir=tmp_path)
    assert (node.port, node.dist_port, node.epmd_port) == (11, 12, 13)

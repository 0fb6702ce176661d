"""bot.rabbitmq_server: a node's three listeners never share a port (a shared one fails the node's start)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from bot.local_stack import free_port  # noqa: E402
from bot.rabbitmq_server import RabbitMQ  # noqa: E402


def test_ports_picked_alike_are_picked_again(tmp_path):
    shared = free_port()
    node = RabbitMQ(workdir=tmp_path, port=free_port(), dist_port=shared, epmd_port=shared)
    assert len({node.port, node.dist_port, node.epmd_port}) == 3


def test_distinct_ports_are_kept(tmp_path):
    node = RabbitMQ(workdir=tmp_path, port=40001, dist_port=40002, epmd_port=40003)
    assert (node.port, node.dist_port, node.epmd_port) == (40001, 40002, 40003)

"""How the story list scales: build, first paint, a key, a filter, at 1k/10k/100k rows.

    python benchmarks/list_scale.py [--rows 1000 10000 100000]

Measured headless (Textual's run_test) at 100x40. "key" is the widget's own
cost of a cursor move plus redrawing the screen (pilot.press adds ~60 ms of
its own, so it is not used for the figure).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time

from textual.app import App, ComposeResult

from reader.tui.thread_list import Row, ThreadList

SIZE = (100, 40)


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ThreadList()


def rows(count: int) -> list[Row]:
    return [
        Row(
            f"thread-{n}",
            f"Story {n}: harbour ferry fares to rise in spring, the port authority says",
            f"Harbour News ×{n % 4 + 1}",
            unread=n % 3 == 0,
        )
        for n in range(count)
    ]


def redraw(widget: ThreadList) -> None:
    for y in range(widget.size.height):
        widget.render_line(y)


async def measure(count: int) -> dict[str, float]:
    data = rows(count)
    app = ListApp()
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(ThreadList)
        built = time.perf_counter()
        widget.set_rows(data)
        await pilot.pause()
        painted = time.perf_counter()
        keys = []
        for _ in range(200):
            t = time.perf_counter()
            widget.action_cursor_down()
            redraw(widget)
            keys.append(time.perf_counter() - t)
        t = time.perf_counter()
        widget.action_last()
        redraw(widget)
        end = time.perf_counter() - t
        t = time.perf_counter()
        widget.set_filter("story 99")
        redraw(widget)
        filtered = time.perf_counter() - t
        shown = widget.visible_count
    keys.sort()
    return {
        "rows": count,
        "set_rows+paint_ms": (painted - built) * 1000,
        "app_start_ms": (built - start) * 1000,
        "key_p50_ms": keys[len(keys) // 2] * 1000,
        "key_p95_ms": keys[int(len(keys) * 0.95)] * 1000,
        "end_ms": end * 1000,
        "filter_ms": filtered * 1000,
        "filter_hits": shown,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    columns = None
    for count in args.rows:
        result = asyncio.run(measure(count))
        if columns is None:
            columns = list(result)
            print("  ".join(f"{c:>16}" for c in columns))
        print(
            "  ".join(
                f"{result[c]:>16.1f}" if isinstance(result[c], float) else f"{result[c]:>16}"
                for c in columns
            )
        )


if __name__ == "__main__":
    main()

"""The source report as one self-contained HTML page.

No network: CSS and a few lines of JS inline, charts drawn by matplotlib to SVG and
embedded as ``data:`` images (an SVG in an <img> cannot run script, and the charts'
ids cannot clash with the page's). Every text from the corpus goes through
``html.escape``; a link is written only for http(s) addresses. Light and dark mode
follow ``prefers-color-scheme``; print styles drop the interactive bits.
"""

from __future__ import annotations

import base64
import io
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import Any
from urllib.parse import urlsplit

from .labels import LABELS, RECORDS
from .plural import plural
from .read import OWN_REPORT_MARK
from .report import kind_text

LABEL_COLOURS = {
    "dated_news": "#2f6db5", "generic": "#9a9a9a", "unsupported": "#d9822b",
    "unlabelled": "#d0d0d0",
}  # fmt: skip
LABEL_NAMES = {**{r.id: r.name for r in RECORDS}, "unlabelled": "unlabelled"}
MAX_BAR_SOURCES = 40  # sources drawn in the overview chart (most claims first)
MAX_NETWORK_NODES = 40
MAX_TIMELINE_ROWS = 500
MAX_CONFLICT_ROWS = 300
# Groups written into the page, cross-document first; a 100k-sentence corpus has ~75k,
# which would make a 60 MB page that takes seconds to open. The JSON has them all.
MAX_GROUP_BLOCKS = 1000
MAX_MEMBERS_SHOWN = 30  # members listed per group; boilerplate groups have thousands

_CSS = """
:root{--bg:#fff;--fg:#1d1d1f;--muted:#666;--line:#ddd;--card:#f6f7f9;--link:#1f5fa8}
@media (prefers-color-scheme:dark){:root{--bg:#16181c;--fg:#e6e6e6;--muted:#a0a0a0;
--line:#333;--card:#1f2227;--link:#8fbaf0}img.chart{filter:invert(.88) hue-rotate(180deg)}}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);
color:var(--fg);margin:0 auto;max-width:1200px;padding:1rem 1.5rem}
a{color:var(--link)}h1{margin:.2rem 0}h2{border-bottom:1px solid var(--line);padding-top:1rem}
nav a{margin-right:1rem}.muted{color:var(--muted)}.card{background:var(--card);
padding:.6rem 1rem;border-radius:6px;margin:.5rem 0}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;
overflow-wrap:break-word}.nw{white-space:nowrap}.wide{overflow-x:auto}
th.num,td.num{text-align:right}th[data-sort]{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
img.chart{max-width:100%;height:auto;display:block;margin:.5rem 0}
.label{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;font-size:12px}
.dated_news{background:#2f6db5}.generic{background:#777}.unsupported{background:#b8661a}
.unlabelled{background:#999}.sugg{font-style:italic;opacity:.85}
.side{border-left:3px solid var(--line);padding-left:.6rem;margin:.3rem 0}
.confirmed{color:#2e8b57}.dismissed{color:var(--muted);text-decoration:line-through}
details{margin:.2rem 0}summary{cursor:pointer}
.group:target{outline:2px solid var(--link)}
.lazy{content-visibility:auto;contain-intrinsic-size:auto 3000px}
@media print{nav,th[data-sort]::after{display:none}details{display:block}
details>*{display:block}body{max-width:none}a{color:inherit}img.chart{filter:none}}
"""

# Sort a table by the clicked column: numbers by data-v, text by its content.
_JS = """
document.querySelectorAll("table.sortable").forEach(function(t){
 t.querySelectorAll("th[data-sort]").forEach(function(th,i){
  th.addEventListener("click",function(){
   var asc=th.getAttribute("aria-sort")!=="ascending",num=th.dataset.sort==="num";
   t.querySelectorAll("th").forEach(function(h){h.removeAttribute("aria-sort")});
   th.setAttribute("aria-sort",asc?"ascending":"descending");
   var rows=Array.prototype.slice.call(t.tBodies[0].rows);
   rows.sort(function(a,b){
    var x=a.cells[i].dataset.v||a.cells[i].textContent,
        y=b.cells[i].dataset.v||b.cells[i].textContent;
    var r=num?parseFloat(x)-parseFloat(y):x.localeCompare(y);return asc?r:-r});
   rows.forEach(function(r){t.tBodies[0].appendChild(r)});
  });});});
function openHash(){var id=decodeURIComponent(location.hash.slice(1)),
 el=id&&document.getElementById(id);
 if(el&&el.tagName==="DETAILS")el.open=true}
window.addEventListener("hashchange",openHash);openHash();
window.addEventListener("beforeprint",function(){  // a printout shows every group's members
 document.querySelectorAll("details").forEach(function(d){d.open=true})});
"""


def e(value: Any) -> str:
    """Escaped for HTML text and attribute values."""
    return escape("" if value is None else str(value), quote=True)


def safe_url(url: str) -> str | None:
    """The address if it is http(s); anything else (javascript:, data:) is not a link."""
    try:
        scheme = urlsplit(url.strip()).scheme.casefold()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def render_html(report: dict[str, Any]) -> str:
    """The whole page."""
    names = {s["doc_id"]: _source_name(s) for s in report["sources"]}
    parts = [
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8>{OWN_REPORT_MARK}",
        '<meta name=viewport content="width=device-width,initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>claimcheck report: {e(report['input'])}</title><style>{_CSS}</style></head><body>",
        _header(report),
        _overview(report),
        _sources_table(report, names),
        _network(report, names),
        _conflicts(report, names),
        _timeline(report, names),
        _groups(report, names),
        f"<script>{_JS}</script></body></html>",
    ]
    return "\n".join(parts)


def _source_name(source: dict[str, Any]) -> str:
    return source["source"] or source["title"] or source["path"]


def _header(report: dict[str, Any]) -> str:
    t = report["totals"]
    nav = "".join(
        f'<a href="#{k}">{v}</a>'
        for k, v in (("overview", "Overview"), ("sources", "Sources"), ("copies", "Copies"),
                     ("conflicts", "Conflicts"), ("timeline", "Timeline"), ("groups", "Groups"))
    )  # fmt: skip
    return (
        f"<h1>Source report</h1><p class=muted>{e(report['input'])} · generated "
        f"{e(report['generated_at'])}</p><nav>{nav}</nav><div class=card>"
        f"{plural(t['documents'], 'document')} · {plural(t['claims'], 'claim')} · "
        f"{plural(t['groups'], 'group')} "
        f"({t['cross_document_groups']:,} in more than one document) · "
        f"{plural(t['reviewed_groups'], 'group')} reviewed; other labels are suggestions, "
        f"<span class=sugg>shown in italics</span>.</div>"
    )


# --------------------------------------------------------------------------- charts


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")  # no display needed: render only
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "claimcheck", "font.size": 9})
    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def _svg_img(fig: Any, alt: str) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    with _missing_glyphs_unsaid():
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img class=chart alt="{e(alt)}" src="data:image/svg+xml;base64,{data}">'


@contextmanager
def _missing_glyphs_unsaid() -> Iterator[None]:
    """matplotlib measures text with its own font (DejaVu Sans) and warns, once per
    character, when a source's name is in a script that font lacks (CJK). With
    ``svg.fonttype: none`` the labels stay text in the SVG and the browser draws them
    with its own fonts, so nothing is lost: the warning is noise on the terminal."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"Glyph \d+ .*missing from", UserWarning)
        yield


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bar_chart(report: dict[str, Any]) -> str:
    """Sources x labels, stacked horizontal bars."""
    sources = sorted(report["sources"], key=lambda s: -s["claims"])[:MAX_BAR_SOURCES]
    if not sources:
        return "<p class=muted>No documents.</p>"
    sources.reverse()  # barh draws bottom-up: most claims on top
    fig, ax = _figure(8, max(1.5, 0.28 * len(sources) + 0.8))
    left = [0] * len(sources)
    names = [_short(_source_name(s)) for s in sources]
    for label in (*LABELS, "unlabelled"):
        values = [s["labels"][label] for s in sources]
        if not any(values):
            continue
        ax.barh(names, values, left=left, color=LABEL_COLOURS[label], label=LABEL_NAMES[label])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel("claims")
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg_img(fig, "Claims per source by label")


def network_chart(report: dict[str, Any], names: dict[str, str]) -> str:
    """Sources sharing claims: nodes on a circle, a line per pair, an arrow from the
    earlier dated source where dates allow."""
    edges = report["copies"]
    nodes: list[str] = []
    for edge in edges:
        for d in (edge["from"], edge["to"]):
            if d not in nodes and len(nodes) < MAX_NETWORK_NODES:
                nodes.append(d)
    if not nodes:
        return "<p class=muted>No two sources share a claim.</p>"
    pos = {
        d: (math.cos(2 * math.pi * i / len(nodes)), math.sin(2 * math.pi * i / len(nodes)))
        for i, d in enumerate(nodes)
    }
    fig, ax = _figure(7, 7)
    top = max(x["claims"] for x in edges) or 1
    for edge in edges:
        a, b = pos.get(edge["from"]), pos.get(edge["to"])
        if a is None or b is None:
            continue
        width = 0.5 + 4 * edge["claims"] / top
        style = "-|>" if edge["directed"] else "-"
        ax.annotate("", xy=b, xytext=a, arrowprops={
            "arrowstyle": style, "lw": width, "color": "#2f6db5", "alpha": 0.6,
            "shrinkA": 8, "shrinkB": 8})  # fmt: skip
    xs, ys = zip(*(pos[d] for d in nodes), strict=True)
    ax.scatter(xs, ys, s=80, color="#d9822b", zorder=3)
    for d in nodes:
        x, y = pos[d]
        ax.text(x * 1.08, y * 1.08, _short(names.get(d, d), 28), ha="left" if x >= 0 else "right",
                va="center", fontsize=8)  # fmt: skip
    ax.set_xlim(-1.8, 1.8)
    ax.set_ylim(-1.3, 1.3)
    ax.set_axis_off()
    return _svg_img(fig, "Which sources share claims")


def timeline_chart(report: dict[str, Any]) -> str:
    """Dated claims per day."""
    from datetime import date, timedelta

    counts: dict[date, int] = {}
    for item in report["timeline"]:
        try:
            day = date.fromisoformat(item["date"][:10])
        except ValueError:
            continue
        counts[day] = counts.get(day, 0) + 1
    if not counts:
        return "<p class=muted>No dated claims.</p>"
    import matplotlib.dates as mdates

    days = sorted(counts)
    fig, ax = _figure(8, 2.2)
    ax.bar(days, [counts[d] for d in days], color="#2f6db5", width=0.8)
    if (days[-1] - days[0]).days < 7:  # a few days: a week's axis, not hours
        ax.set_xlim(days[0] - timedelta(days=3), days[-1] + timedelta(days=4))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.set_ylabel("dated claims")
    ax.spines[["top", "right"]].set_visible(False)
    fig.autofmt_xdate()
    return _svg_img(fig, "Dated claims over time")


# --------------------------------------------------------------------------- sections


def _overview(report: dict[str, Any]) -> str:
    return f"<h2 id=overview>Overview: claims per source</h2>{bar_chart(report)}"


def _sources_table(report: dict[str, Any], names: dict[str, str]) -> str:
    head = (
        "<tr><th data-sort=text>Source</th><th data-sort=text>Date</th><th data-sort=text>"
        "Kind</th><th data-sort=num class=num>Claims</th>"
        + "".join(f"<th data-sort=num class=num>{LABEL_NAMES[x]}</th>" for x in LABELS)
        + "<th data-sort=num class=num>Specific</th><th data-sort=num class=num>Backed by a "
        "dated report</th><th data-sort=num class=num>Only here</th><th>Shares claims with</th>"
        "</tr>"
    )
    rows = [_source_row(s, names) for s in report["sources"]]
    return (
        "<h2 id=sources>Sources</h2><p class=muted>Click a heading to sort. Label counts "
        "include suggestions where no review label exists. Backed: a specific claim a dated "
        "report elsewhere also makes.</p>"
        "<div class='lazy wide'><table class=sortable>"
        f"<thead>{head}</thead><tbody>{''.join(rows)}"
        "</tbody></table></div>"
    )


def _source_row(s: dict[str, Any], names: dict[str, str]) -> str:
    url = safe_url(s["url"])
    title = e(s["title"] or s["path"])
    title_html = f'<a href="{e(url)}" rel="noopener noreferrer">{title}</a>' if url else title
    if s["url"] and not url:
        title_html += f" <span class=muted>({e(s['url'])})</span>"
    shares = ", ".join(
        f"{e(_short(names.get(x['doc_id'], x['doc_id']), 30))} {x['share']:.0%}"
        + {"earlier": " (earlier)", "later": " (later)"}.get(x["direction"], "")
        for x in s["shares"][:3]
    )
    labels = "".join(_label_cell(s["labels"][x], s["suggested"][x]) for x in LABELS)
    return (
        f'<tr id="src-{e(s["doc_id"])}"><td>{e(s["source"]) + "<br>" if s["source"] else ""}'
        f"{title_html}</td>"
        f"<td>{_date_cell(s)}</td><td>{e(kind_text(s))}</td>"
        f"<td class=num data-v={s['claims']}>{s['claims']}</td>{labels}"
        f"<td class=num data-v={s['specific']}>{s['specific']}</td>"
        f"<td class=num data-v={s['backed']}>{s['backed']}</td>"
        f"<td class=num data-v={s['only_here']}>{s['only_here']}</td><td>{shares}</td></tr>"
    )


def _date_cell(s: dict[str, Any]) -> str:
    """The date, marked when it is the one the page states rather than its metadata."""
    page = " <span class=muted>(page)</span>" if s["date_from"] == "page" else ""
    return f"<span class=nw>{e(s['date'])}</span>{page}" if s["date"] else ""


def _label_cell(count: int, suggested: int) -> str:
    """A count in italics when all of it is suggested; "(n sugg.)" when only part is."""
    if count and suggested == count:
        return f"<td class='num sugg' data-v={count}>{count}</td>"
    note = f" <span class=sugg>({suggested} sugg.)</span>" if suggested else ""
    return f"<td class=num data-v={count}>{count}{note}</td>"


def _network(report: dict[str, Any], names: dict[str, str]) -> str:
    dates = {s["doc_id"]: s["date"][:10] for s in report["sources"]}
    rows = "".join(
        f"<tr><td>{e(names.get(x['from'], x['from']))}</td><td>{'→' if x['directed'] else '—'}"
        f"</td><td>{e(names.get(x['to'], x['to']))}</td><td>{_order(x, dates)}</td>"
        f"<td class=num>{x['claims']}</td></tr>"
        for x in report["copies"][:50]
    )
    table = (
        "<div class=wide><table><thead><tr><th>Source A</th><th></th><th>Source B</th>"
        "<th>Order</th><th class=num>Shared claims</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
        if rows
        else ""
    )
    return (
        "<h2 id=copies>Copy network</h2><p class=muted>Sources that share claims; an arrow "
        "runs from the earlier dated source where both have dates on different days. "
        "Otherwise which copied which is unknown.</p>"
        f"{network_chart(report, names)}{table}"
    )


def _order(edge: dict[str, Any], dates: dict[str, str]) -> str:
    """Which of a copy pair came first, as far as their dates tell (HTML)."""
    a, b = dates.get(edge["from"], ""), dates.get(edge["to"], "")
    if edge["directed"]:
        return f"A earlier: <span class=nw>{e(a)}</span> → <span class=nw>{e(b)}</span>"
    return "order unknown (same day)" if a and b else "order unknown (not both dated)"


def _conflicts(report: dict[str, Any], names: dict[str, str]) -> str:
    items = report["conflicts"][:MAX_CONFLICT_ROWS]
    if not items:
        return "<h2 id=conflicts>Conflicts</h2><p class=muted>No conflicting claims found.</p>"
    out = [
        "<h2 id=conflicts>Conflicts</h2><p class=muted>The same statement with a different "
        "value; earliest dated side first. Ranked, most likely first.</p>"
    ]
    for c in items:
        verdict = c["verdict"]
        tag = f" <span class={e(verdict)}>{e(verdict)}</span>" if verdict else ""
        sides = "".join(_conflict_side(side, names) for side in c["sides"])
        out.append(
            f'<div class=card id="{e(c["conflict_id"])}"><b>{e(", ".join(c["kinds"]))}</b> '
            f"<span class=muted>score {c['score']}</span>{tag}{sides}</div>"
        )
    return "".join(out)


def _conflict_side(side: dict[str, Any], names: dict[str, str]) -> str:
    sources = ", ".join(e(names.get(d, d)) for d in side["doc_ids"][:5])
    more = f" and {len(side['doc_ids']) - 5} more" if len(side["doc_ids"]) > 5 else ""
    return (
        f"<div class=side><b>{e(side['values'])}</b>: {e(side['text'])}<br>"
        f"<span class=muted>{sources}{more}{' · ' + e(side['date']) if side['date'] else ''}"
        "</span></div>"
    )


def _timeline(report: dict[str, Any], names: dict[str, str]) -> str:
    shown = {g["group_id"] for g in _shown_groups(report)}
    rows = "".join(
        f"<tr><td class=nw>{e(x['date'])}</td>"
        f"<td>{_group_link(x['group_id'], x['text'], shown)}</td>"
        f"<td>{e(', '.join(names.get(d, d) for d in x['doc_ids'][:3]))}</td></tr>"
        for x in report["timeline"][:MAX_TIMELINE_ROWS]
    )
    more = len(report["timeline"]) - MAX_TIMELINE_ROWS
    note = f"<p class=muted>{more:,} more in the JSON output.</p>" if more > 0 else ""
    return (
        f"<h2 id=timeline>Timeline of dated claims</h2>{timeline_chart(report)}"
        f"<div class=wide><table><thead><tr><th>Date</th><th>Claim</th><th>Sources</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></div>{note}"
    )


def _group_link(group_id: str, text: str, shown: set[str]) -> str:
    if group_id not in shown:
        return e(text)
    return f'<a href="#{e(group_id)}">{e(text)}</a>'


def _groups(report: dict[str, Any], names: dict[str, str]) -> str:
    out = [
        "<h2 id=groups>Claim groups</h2><p class=muted>Cross-document groups first; open one "
        "for its members.</p><div class=lazy>"
    ]
    groups = _shown_groups(report)
    out.extend(_group_block(g, names) for g in groups)
    more = len(report["groups"]) - len(groups)
    if more > 0:
        out.append(f"<p class=muted>Not shown here: {plural(more, 'single-document group')},"
                   " all in the JSON output (--format json).</p>")  # fmt: skip
    return "".join(out) + "</div>"


def _shown_groups(report: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(report["groups"], key=lambda g: -len(g["documents"]))[:MAX_GROUP_BLOCKS]


def _group_block(g: dict[str, Any], names: dict[str, str]) -> str:
    cls = "label sugg" if g["label_source"] != "reviewed" else "label"
    label = f'<span class="{cls} {e(g["label"])}">{e(LABEL_NAMES.get(g["label"], g["label"]))}'
    label += " (suggested)</span>" if g["label_source"] == "suggested" else "</span>"
    corr = ""
    if g["corroborated_by"]:
        corr = " · corroborated by " + e(", ".join(names.get(d, d) for d in g["corroborated_by"]))
    members = "".join(
        f"<li>{e(m['text'])} <span class=muted>— {e(names.get(m['doc_id'], m['doc_id']))} "
        f"{e(m['unit_id'])}</span></li>"
        for m in g["members"][:MAX_MEMBERS_SHOWN]
    )
    if len(g["members"]) > MAX_MEMBERS_SHOWN:
        members += f"<li class=muted>and {len(g['members']) - MAX_MEMBERS_SHOWN:,} more</li>"
    dates = ", ".join(e(d["date"]) for d in g["documents"] if d["date"])
    return (
        f'<details class=group id="{e(g["group_id"])}"><summary>{label} '
        f"{e(_short(g['text'], 140))} <span class=muted>{g['size']} × in "
        f"{plural(len(g['documents']), 'doc')}{corr}</span></summary>"
        f"<p class=muted>{e(g['group_id'])}"
        f"{' · dated ' + dates if dates else ''}</p><ul>{members}</ul></details>"
    )

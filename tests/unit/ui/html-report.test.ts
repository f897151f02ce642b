import { describe, expect, it } from "vitest";
import { escapeHtml, renderHtmlReport } from "../../../src/ui/results/html-report.ts";
import { bars, run, script } from "../engine/fixtures.ts";

describe("self-contained HTML report", () => {
  it("escapes every value and carries no script or external resource", async () => {
    const data = bars(
      Array.from(
        { length: 30 },
        (_, i) => [1 + i / 1000, 1.01 + i / 1000, 0.99 + i / 1000, 1 + i / 1000] as [number, number, number, number],
      ),
    );
    const { result } = await run(
      data,
      script({ 2: (ctx) => ctx.buy({ comment: "x" }), 20: (ctx) => ctx.closePositions() }),
    );
    const html = renderHtmlReport(result, '<img src=x onerror="alert(1)">', "https://pipscope.app/#/r/AQID");
    expect(html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62;");
    expect(html).not.toMatch(/<script|<img|<link|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(?!https:\/\/pipscope\.app)/);
    expect(html).toContain("Content-Security-Policy");
    expect(html).toContain("<polyline");
    expect(html.match(/<tr><td>/g)).toHaveLength(result.trades.length);
  });

  it("escapeHtml covers the five characters that matter", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;",
    );
  });
});

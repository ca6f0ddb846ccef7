package io.readstates.report.render;

import java.util.List;

/** The few HTML pieces the report needs: escaping, a styled head and a table. */
final class Html {
    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static void head(StringBuilder html, String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}")
                .append("th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
                .append("img.chart{max-width:100%;border:1px solid #ddd}.how{color:#555;font-size:12px}.failed{color:#b00}</style>\n")
                .append("</head><body>\n");
    }

    /** Embeds a PNG so that the report stays one self-contained file. */
    static void image(StringBuilder html, java.nio.file.Path png, String alt) throws java.io.IOException {
        html.append("<img class=\"chart\" alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
                .append(java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(png))).append("\">\n");
    }

    static void table(StringBuilder html, List<String> headers, List<List<String>> rows, String id) {
        html.append("<table id=\"").append(esc(id)).append("\"><thead><tr>");
        headers.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(v -> html.append("<td>").append(esc(v)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }
}

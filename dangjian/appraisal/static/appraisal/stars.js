/* The dashboard's star-distribution chart (data from a json_script block: nothing inline, CSP
   script-src 'self'). Renders the [data-chart="stars"] elements; core's charts.js leaves them. */
(function () {
  "use strict";
  var PARTY = "#c8102e";
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function render() {
    if (!window.echarts) return;
    document.querySelectorAll('[data-chart="stars"]').forEach(function (el) {
      var node = document.getElementById(el.dataset.source);
      if (!node) return;
      var data = JSON.parse(node.textContent);
      var colours = data.labels.map(function (label, i) {
        return i === data.labels.length - 1 ? "#6b7280" : (i === 0 ? PARTY : "#e58a98");
      });
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        textStyle: { fontFamily: FONT },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + " 个"; } },
        grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
        xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ name: "党组织数", type: "bar", barMaxWidth: 36, label: { show: true, position: "top" },
                   data: data.values.map(function (v, i) { return { value: v, itemStyle: { color: colours[i] } }; }) }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();

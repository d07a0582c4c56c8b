/* Charts of the 党员统计 page. The figures come from the <script type="application/json"> block
   written by Django's json_script (id "stats-chart-data"), so nothing runs inline and the CSP
   stays script-src 'self'. Each [data-stats-chart] element names its table and chart kind. */
(function () {
  "use strict";
  var PARTY = "#c8102e";
  var PALETTE = [PARTY, "#e0a100", "#4b7bb5", "#3a9a5b", "#8e6bbf", "#e58a98", "#5fb3b3", "#9ca3af"];
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function pieOption(table, narrow) {
    return {
      textStyle: { fontFamily: FONT },
      color: PALETTE,
      tooltip: { trigger: "item", formatter: "{b}：{c} 名（{d}%）" },
      legend: { bottom: 0 },
      series: [{
        name: table.title, type: "pie", radius: ["38%", "64%"], center: ["50%", "44%"],
        avoidLabelOverlap: true,
        // On a phone the labels would be cut off: the legend names the slices instead.
        label: narrow ? { show: false } : { formatter: "{b}\n{c}" },
        data: table.labels.map(function (label, i) { return { name: label, value: table.values[i] }; })
          .filter(function (item) { return item.value > 0; })
      }]
    };
  }

  // Horizontal bars: the Chinese band names ("30岁及以下", "高中及以下") stay readable on the
  // axis instead of being rotated and clipped.
  function barOption(table) {
    return {
      textStyle: { fontFamily: FONT },
      color: [PARTY],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v + " 名"; } },
      grid: { left: 8, right: 36, bottom: 8, top: 8, containLabel: true },
      yAxis: { type: "category", data: table.labels, inverse: true, axisTick: { show: false } },
      xAxis: { type: "value", minInterval: 1, splitNumber: 3 },
      series: [{ name: table.title, type: "bar", data: table.values, barMaxWidth: 22,
                 label: { show: true, position: "right" } }]
    };
  }

  function render() {
    var source = document.getElementById("stats-chart-data");
    if (!window.echarts || !source) return;
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("[data-stats-chart]").forEach(function (el) {
      var table = data[el.dataset.statsChart];
      if (!table) return;
      var build = el.dataset.kind === "pie" ? pieOption : barOption;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(build(table, el.clientWidth < 360));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();

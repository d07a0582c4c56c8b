/* 全景 charts. The data comes from <script type="application/json"> blocks written by Django's
   json_script filter, so nothing is evaluated inline (CSP script-src 'self'). */
(function () {
  "use strict";
  var PARTY = "#c8102e";
  var COLOURS = [PARTY, "#e0a100", "#4b7bb5", "#3a9a5b", "#8e6bbf", "#9ca3af"];
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function readData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function axis(labels, narrow) {
    return { type: "category", data: labels,
             axisLabel: { interval: 0, rotate: labels.length > (narrow ? 3 : 6) ? 30 : 0 } };
  }

  function ratesOption(data, narrow) {
    return {
      textStyle: { fontFamily: FONT }, color: COLOURS,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "无数据" : v + "%"; } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: axis(data.labels, narrow),
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data, barMaxWidth: 22 }; })
    };
  }

  function problemsOption(data, narrow) {
    return {
      textStyle: { fontFamily: FONT }, color: [PARTY, "#e58a98", "#e0a100", "#4b7bb5"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: axis(data.labels, narrow),
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", stack: "problems", data: s.data, barMaxWidth: 28 }; })
    };
  }

  function starsOption(data) {
    return {
      textStyle: { fontFamily: FONT }, color: [PARTY],
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + " 个"; } },
      grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: "党组织数", type: "bar", data: data.values, barMaxWidth: 28, label: { show: true, position: "top" } }]
    };
  }

  var builders = { rates: ratesOption, problems: problemsOption, stars: starsOption };

  function render() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = readData(el.dataset.source);
      var build = builders[el.dataset.chart];
      if (!data || !build) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(build(data, el.clientWidth < 480));
      el.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();

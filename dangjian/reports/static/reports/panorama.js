/* 全景 charts: their builders, registered with the shared drawing of dangjian/charts.js (loaded
   before this file), which reads each chart's data from its json_script block. */
(function () {
  "use strict";
  var PARTY = window.dangjianCharts.PARTY;
  var COLOURS = [PARTY, "#e0a100", "#4b7bb5", "#3a9a5b", "#8e6bbf", "#9ca3af"];
  var FONT = window.dangjianCharts.FONT;

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

  window.dangjianCharts.register({ rates: ratesOption, problems: problemsOption, stars: starsOption });
})();

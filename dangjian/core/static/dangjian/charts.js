/* Charts. The data comes from <script type="application/json"> blocks written by Django's
   json_script filter, so nothing is evaluated inline (CSP script-src 'self'). Each element
   [data-chart="name" data-source="id"] is drawn by the builder registered under that name: the
   dashboard's are below; a page with charts of its own loads this file first, then a file that
   calls window.dangjianCharts.register({name: builder}) (e.g. reports/panorama.js). */
(function () {
  "use strict";
  var PARTY = "#c8102e";
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function readData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function coverageOption(data, narrow) {
    return {
      textStyle: { fontFamily: FONT },
      color: [PARTY, "#e58a98"],
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "无学校" : v + "%"; } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > (narrow ? 3 : 6) ? 30 : 0 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "公办学校覆盖率", type: "bar", data: data.public, barMaxWidth: 28 },
        { name: "民办学校覆盖率", type: "bar", data: data.private, barMaxWidth: 28 }
      ]
    };
  }

  function kindsOption(data, narrow) {
    return {
      textStyle: { fontFamily: FONT },
      color: [PARTY, "#e0a100", "#4b7bb5", "#3a9a5b", "#8e6bbf", "#9ca3af"],
      tooltip: { trigger: "item", formatter: "{b}：{c} 个（{d}%）" },
      legend: { bottom: 0 },  // at most six kinds: a plain legend wraps instead of paging
      series: [{
        name: "党组织类别", type: "pie", radius: ["40%", "68%"], center: ["50%", "45%"],
        // On a phone the labels would be cut off: the legend names the slices instead.
        label: narrow ? { show: false } : { formatter: "{b}\n{c}" },
        data: data.labels.map(function (label, i) { return { name: label, value: data.values[i] }; })
      }]
    };
  }

  var builders = { coverage: coverageOption, kinds: kindsOption };

  window.dangjianCharts = {
    PARTY: PARTY,
    FONT: FONT,
    register: function (more) { Object.keys(more).forEach(function (name) { builders[name] = more[name]; }); }
  };

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

  // Deferred scripts run before DOMContentLoaded, in order: waiting for it lets the scripts after
  // this one register their builders first.
  if (document.readyState === "complete") {
    render();
  } else {
    document.addEventListener("DOMContentLoaded", render);
  }
})();

"""The names of the demo app's audit events (registered in DemoConfig.ready())."""

ACTION_LABELS = {
    "demo.seed": "生成演示数据",
}

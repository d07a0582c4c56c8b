"""The names of the accounts app's audit events (registered in AccountsConfig.ready())."""

ACTION_LABELS = {
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.login_failed": "登录失败",
    "auth.lockout": "多次登录失败，账号锁定",
    "auth.otp_verified": "二次验证通过",
    "auth.otp_failed": "二次验证失败",
    "auth.password_change": "修改密码",
    "api_token.issue": "签发 API 令牌",
    "api_token.revoke": "撤销 API 令牌",
    "api_token.use_revoked": "使用已撤销的 API 令牌被拒绝",
    "api_token.use_expired": "使用已过期的 API 令牌被拒绝",
    "api_token.use_without_second_factor": "使用未经二次验证签发的 API 令牌被拒绝",
}

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

# The keys of the changes accounts' events write (registered in AccountsConfig.ready()).
CHANGE_LABELS = {
    "device": "验证设备", "failures": "累计失败次数", "username": "用户名", "ip_address": "来源地址",
    "minutes": "锁定分钟数", "user": "令牌所属用户", "name": "令牌名称", "scope": "权限范围", "days": "有效天数",
    "expires_at": "到期时间", "second_factor": "签发时已二次验证", "method": "请求方式", "path": "请求地址",
}
CHANGE_VALUES = {
    "method": {"GET": "查看", "HEAD": "查看", "POST": "提交", "PUT": "修改", "PATCH": "修改", "DELETE": "删除"},
}

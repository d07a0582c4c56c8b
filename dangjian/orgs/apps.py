from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dangjian.orgs"
    label = "orgs"

    def ready(self):
        # Core knows no domain: positions reach the scope and the shell's top bar through
        # core's hooks, filled here.
        from dangjian.core.scoping import register_scope_source
        from dangjian.core.shell import register_shell_part
        from dangjian.orgs.current import position_grants, shell_part

        register_scope_source(position_grants)
        register_shell_part(shell_part)

"""The plugin package, mirroring ``twisted.plugins``: extended by every ``twisted/plugins``
folder on ``sys.path``, so that a program's own plugins sit beside it."""

from refreactor.plugin import pluginPackagePaths

__path__.extend(pluginPackagePaths("twisted.plugins"))  # noqa: F821 (a package's own path)
__all__: list[str] = []

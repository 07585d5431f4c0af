"""The post-editing workbench: ``translate serve`` (:mod:`translate.web.app`), local and offline."""

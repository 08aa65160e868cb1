from wagtail import hooks

from content.viewsets import H5PPackageViewSet, h5p_package_chooser_viewset


@hooks.register("register_admin_viewset")
def register_h5p_packages():
    return H5PPackageViewSet()


@hooks.register("register_admin_viewset")
def register_h5p_package_chooser():
    return h5p_package_chooser_viewset

"""URL map: the public portal at `/` (and the public register), staff pages under `/staff/`."""

from django.urls import include, path

from tokumei.web.api.views import api
from tokumei.web.register.urls import staff_urlpatterns

urlpatterns = [
    path("", include("tokumei.web.portal.urls")),
    path("register/", include("tokumei.web.register.urls")),
    path("solicitations/", include("tokumei.web.solicitations.public_urls")),
    path("api/", api.urls),
    path("proposals/", include("tokumei.web.proposals.public_urls")),
    path("staff/", include("tokumei.web.accounts.urls")),
    path("staff/register/", include(staff_urlpatterns)),
    path("staff/solicitations/", include("tokumei.web.solicitations.urls")),
    path("staff/production/", include("tokumei.web.production.urls")),
    path("staff/proposals/", include("tokumei.web.proposals.urls")),
    path("staff/reviews/", include("tokumei.web.reviews.urls")),
    path("staff/contracts/", include("tokumei.web.contracts.urls")),
    path("staff/supervision/", include("tokumei.web.supervision.urls")),
    path("decisions/", include("tokumei.web.reviews.public_urls")),
    path("staff/records/", include("tokumei.web.records.urls")),
    path("staff/retention/", include("tokumei.web.retention.urls")),
    path("staff/statistics/", include("tokumei.web.retention.statistics_urls")),
    path("staff/api-tokens/", include("tokumei.web.api.staff_urls")),
    path("staff/legacy/", include("tokumei.web.legacy.urls")),
]

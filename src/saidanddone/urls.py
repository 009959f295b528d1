"""Every URL. Public pages (no sign-in) are in PUBLIC_URL_NAMES; everything else is the staff
workspace, for signed-in members of the area only (a test walks every pattern to prove it)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from saidanddone.accounts import views as account_views
from saidanddone.areas import views as area_views
from saidanddone.commitments import exports as commitment_exports
from saidanddone.commitments import views as commitment_views
from saidanddone.core import views as core_views
from saidanddone.feedback import exports as feedback_exports
from saidanddone.feedback import views as feedback_views
from saidanddone.following import views as following_views
from saidanddone.publishing import dashboard
from saidanddone.publishing import views as publishing_views
from saidanddone.themes import views as theme_views

public_patterns = [
    path("", publishing_views.public_home, name="home"),
    path("accessibility/", publishing_views.accessibility, name="accessibility"),
    path("areas/<slug:slug>/", publishing_views.area_home, name="area"),
    path("areas/<slug:slug>/you-said-we-did/<slug:pub>/", publishing_views.publication_page,
         name="publication"),
    path("areas/<slug:slug>/you-said-we-did/<slug:pub>/version-<int:number>/",
         publishing_views.publication_page, name="publication_version"),
    path("areas/<slug:slug>/commitments/<uuid:pk>/", publishing_views.commitment_page,
         name="commitment"),
    path("areas/<slug:slug>/search/", publishing_views.search, name="search"),
    path("areas/<slug:slug>/archive/", publishing_views.archive, name="archive"),
    path("areas/<slug:slug>/open-data/", publishing_views.open_data, name="open_data"),
    path("areas/<slug:slug>/you-said-we-did/<slug:pub>/easy-read/", publishing_views.easy_read,
         name="easy_read"),
    path("areas/<slug:slug>/you-said-we-did/<slug:pub>/local-offer-comments/",
         publishing_views.local_offer_report, name="local_offer_report"),
    path("areas/<slug:slug>/tell-us/", feedback_views.public_feedback_form,
         name="feedback_form"),
    path("areas/<slug:slug>/tell-us/young-people/", feedback_views.public_feedback_form_young,
         name="feedback_form_young"),
    path("areas/<slug:slug>/tell-us/thank-you/", feedback_views.public_feedback_thanks,
         name="feedback_thanks"),
    path("areas/<slug:slug>/tell-us/young-people/thank-you/",
         feedback_views.public_feedback_thanks_young, name="feedback_thanks_young"),
    path("areas/<slug:slug>/page-feedback/", feedback_views.page_feedback,
         name="page_feedback"),
    # Following by e-mail (issue 14): ask, confirm from the e-mail, stop.
    path("areas/<slug:slug>/follow/", following_views.follow, name="follow"),
    path("areas/<slug:slug>/follow/check-your-email/", following_views.follow_sent,
         name="follow_sent"),
    path("areas/<slug:slug>/follow/confirm/<str:token>/", following_views.follow_confirm,
         name="follow_confirm"),
    path("areas/<slug:slug>/follow/stop/<str:token>/", following_views.follow_stop,
         name="follow_stop"),
]

# Public data (not web pages): CSV, JSON and the Atom feed. Public like the pages above.
public_data_patterns = [
    path("areas/<slug:slug>/you-said-we-did/<slug:pub>/data.csv",
         publishing_views.publication_csv, name="publication_csv"),
    path("areas/<slug:slug>/you-said-we-did/<slug:pub>/data.json",
         publishing_views.publication_json, name="publication_json"),
    path("areas/<slug:slug>/you-said-we-did/<slug:pub>/version-<int:number>/data.csv",
         publishing_views.publication_csv, name="publication_version_csv"),
    path("areas/<slug:slug>/you-said-we-did/<slug:pub>/version-<int:number>/data.json",
         publishing_views.publication_json, name="publication_version_json"),
    path("areas/<slug:slug>/feed.atom", publishing_views.feed, name="feed"),
    # A public evidence file of a published commitment (decision 0220).
    path("areas/<slug:slug>/evidence-files/<uuid:pk>/", publishing_views.evidence_file,
         name="evidence_file"),
    # The area's header colour (a stylesheet, so pages carry no inline style).
    path("brand.css", core_views.brand_stylesheet, name="brand_css"),
]

w = "workspace/<slug:slug>/"
workspace_patterns = [
    path("workspace/", area_views.workspace_home, name="home"),
    path(w, dashboard.dashboard, name="dashboard"),
    path(w + "feedback/", feedback_views.feedback_list, name="feedback_list"),
    path(w + "feedback/new/", feedback_views.feedback_new, name="feedback_new"),
    path(w + "feedback/export.<str:fmt>", feedback_exports.feedback_export,
         name="feedback_export"),
    path(w + "feedback/<uuid:pk>/", feedback_views.feedback_detail, name="feedback_detail"),
    path(w + "feedback/<uuid:pk>/erase/", feedback_views.feedback_erase_view,
         name="feedback_erase"),
    path(w + "feedback/bulk/", feedback_views.feedback_bulk, name="feedback_bulk"),
    path(w + "feedback/triage/", feedback_views.triage_queue, name="triage"),
    path(w + "feedback/forum-report/", feedback_views.forum_report_new, name="forum_report"),
    path(w + "feedback/survey-import/", feedback_views.survey_import_view,
         name="survey_import"),
    path(w + "feedback/data-protection/", feedback_views.data_protection,
         name="data_protection"),
    path(w + "themes/", theme_views.theme_list, name="theme_list"),
    path(w + "themes/<uuid:pk>/", theme_views.theme_detail, name="theme_detail"),
    path(w + "themes/emerging/", feedback_views.emerging, name="emerging"),
    path(w + "responses/", commitment_views.response_list, name="response_list"),
    path(w + "responses/new/", commitment_views.response_new, name="response_new"),
    path(w + "responses/draft/", commitment_views.response_draft, name="response_draft"),
    path(w + "responses/<uuid:pk>/", commitment_views.response_detail, name="response_detail"),
    path(w + "responses/<uuid:pk>/edit/", commitment_views.response_edit, name="response_edit"),
    path(w + "responses/import/", commitment_views.document_import_view,
         name="document_import"),
    path(w + "commitments/", commitment_views.commitment_list, name="commitment_list"),
    path(w + "commitments/export.<str:fmt>", commitment_exports.commitment_export,
         name="commitment_export"),
    path(w + "commitments/<uuid:pk>/", commitment_views.commitment_detail,
         name="commitment_detail"),
    path(w + "evidence-files/<uuid:pk>/", commitment_views.evidence_file, name="evidence_file"),
    path(w + "evidence/<uuid:pk>/remove/", commitment_views.evidence_remove,
         name="evidence_remove"),
    path(w + "indicators/", commitment_views.indicator_list, name="indicator_list"),
    path(w + "indicators/<uuid:pk>/", commitment_views.indicator_detail,
         name="indicator_detail"),
    path(w + "indicators/<uuid:pk>/edit/", commitment_views.indicator_edit,
         name="indicator_edit"),
    path(w + "indicators/<uuid:pk>/delete/", commitment_views.indicator_delete,
         name="indicator_delete"),
    path(w + "indicators/<uuid:pk>/figure/", commitment_views.indicator_figure,
         name="indicator_figure"),
    path(w + "publications/", publishing_views.publication_list, name="publication_list"),
    path(w + "publications/<uuid:pk>/", publishing_views.publication_detail,
         name="publication_detail"),
    path(w + "publications/<uuid:pk>/edit/", publishing_views.publication_edit,
         name="publication_edit"),
    path(w + "publications/<uuid:pk>/send-to-forum/", publishing_views.publication_confirm,
         {"step": "send"}, name="publication_send"),
    path(w + "publications/<uuid:pk>/back-to-draft/", publishing_views.publication_confirm,
         {"step": "draft"}, name="publication_draft"),
    path(w + "publications/<uuid:pk>/publish/", publishing_views.publication_confirm,
         {"step": "publish"}, name="publication_publish"),
    path(w + "publications/<uuid:pk>/correct/", publishing_views.publication_confirm,
         {"step": "correct"}, name="publication_correct"),
    path(w + "publications/<uuid:pk>/publish-correction/", publishing_views.publication_confirm,
         {"step": "publish_correction"}, name="publication_publish_correction"),
    path(w + "publications/<uuid:pk>/withdraw-correction/", publishing_views.publication_confirm,
         {"step": "withdraw"}, name="publication_withdraw"),
    path(w + "publications/<uuid:pk>/preview/", publishing_views.publication_preview,
         name="publication_preview"),
    path(w + "publications/<uuid:pk>/preview/easy-read/", publishing_views.publication_preview,
         {"easy": True}, name="publication_preview_easy_read"),
    path(w + "glossary/", publishing_views.glossary, name="glossary"),
    path(w + "evidence-pack/", publishing_views.evidence_pack, name="evidence_pack"),
    path(w + "evidence-pack/evidence-pack.docx", publishing_views.evidence_pack_download,
         {"fmt": "docx"}, name="evidence_pack_docx"),
    path(w + "evidence-pack/evidence-pack.pdf", publishing_views.evidence_pack_download,
         {"fmt": "pdf"}, name="evidence_pack_pdf"),
    path(w + "audit-trail/", area_views.audit_trail, name="audit_trail"),
    path(w + "settings/", area_views.area_settings, name="area_settings"),
    path(w + "members/", area_views.members, name="members"),
    path(w + "members/<uuid:pk>/", area_views.member_edit, name="member_edit"),
    path(w + "members/<uuid:pk>/remove/", area_views.member_remove, name="member_remove"),
]

urlpatterns = [
    path("", include((public_patterns + public_data_patterns, "public"))),
    path("", include((workspace_patterns, "workspace"))),
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("", include("saidanddone.accounts.urls")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A forgotten password: Django's reset views with our forms and pages (Django's URL names,
    # which its views and e-mail expect). No sign-in: these are for people who cannot.
    path("accounts/password-reset/", account_views.ResetRequestView.as_view(),
         name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/reset_sent.html"), name="password_reset_done"),
    path("accounts/password-reset/<uidb64>/<token>/", account_views.ResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password-reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/reset_done.html"),
         name="password_reset_complete"),
    # The link in an invitation e-mail: opened before the person has an account.
    path("invitations/<str:token>/", area_views.invitation, name="invitation"),
    path("admin/", admin.site.urls),
]

# The public allow-list: these need no sign-in. Every other URL name must.
PUBLIC_URL_NAMES = frozenset(
    {f"public:{p.name}" for p in public_patterns + public_data_patterns}
    | {"login", "logout", "invitation", "password_reset", "password_reset_done",
       "password_reset_confirm", "password_reset_complete"}
)
# Public URLs that answer with data (CSV, JSON, Atom), not a web page: the page checks and the
# browser's accessibility checks skip them; their own tests read them back.
PUBLIC_DATA_URL_NAMES = frozenset(f"public:{p.name}" for p in public_data_patterns)
# Staff downloads (CSV, XLSX, evidence files, the evidence pack): signed-in pages like the rest
# of the workspace, but files, not web pages; the page checks skip them and their own tests read
# them back.
STAFF_DATA_URL_NAMES = frozenset({"workspace:feedback_export", "workspace:commitment_export",
                                  "workspace:evidence_file", "workspace:evidence_pack_docx",
                                  "workspace:evidence_pack_pdf"})

"""Public pages for following by e-mail. No sign-in: the link's secret is the proof."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from saidanddone.feedback.ratelimit import minutes_until_next_window, rate_limited
from saidanddone.following import selectors, services
from saidanddone.following.forms import FollowForm
from saidanddone.following.models import Subscription
from saidanddone.publishing.selectors import public_area_get, public_publications


def follow(request: HttpRequest, slug: str) -> HttpResponse:
    area = public_area_get(slug=slug)
    params = request.POST if request.method == "POST" else request.GET
    what, target = next(((w, params[w]) for w in Subscription.What.values if params.get(w)),
                        ("", ""))
    found = selectors.follow_target(area=area, what=what, target=target) if what else None
    context = {"area": area, "brand_colour": area.brand_colour}
    if found is None:
        # Nothing (or nothing public) named: offer what can be followed.
        return render(request, "following/choose.html", dict(
            context, publications=public_publications(area=area),
            themes=selectors.public_themes(area=area)), status=404 if what else 200)
    form = FollowForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if rate_limited(request, "follow"):
            minutes = minutes_until_next_window()
            form.is_valid()
            form.add_error(None, "You have asked a lot of times in a short time from the same "
                                 f"place. Try again in {minutes} minute"
                                 f"{'s' if minutes != 1 else ''}.")
            status = 429
        elif request.POST.get("website"):
            return redirect("public:follow_sent", area.slug)  # a bot: store nothing
        elif form.is_valid():
            services.follow_request(area=area, email=form.cleaned_data["email"],
                                    what=found.what, target=found.target)
            return redirect("public:follow_sent", area.slug)
    return render(request, "following/follow.html", dict(context, form=form, found=found),
                  status=status)


def follow_sent(request: HttpRequest, slug: str) -> HttpResponse:
    area = public_area_get(slug=slug)
    return render(request, "following/sent.html", {"area": area,
                                                   "brand_colour": area.brand_colour})


def follow_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link in the confirmation e-mail. A GET only shows a button (mail scanners open
    links); the POST confirms."""
    area = public_area_get(slug=slug)
    context = {"area": area, "brand_colour": area.brand_colour, "token": token}
    if request.method == "POST":
        subscription = services.follow_confirm(token=token)
        if subscription is not None and subscription.area_id == area.pk:
            found = selectors.follow_target(area=area, what=subscription.what,
                                            target=subscription.target)
            return render(request, "following/confirmed.html", dict(
                context, found=found, stop=services.unsubscribe_link(subscription)))
        return render(request, "following/link_not_working.html", context)
    return render(request, "following/confirm.html", context)


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts from the mail program, with no cookie
def follow_stop(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    area = public_area_get(slug=slug)
    context = {"area": area, "brand_colour": area.brand_colour, "token": token}
    if request.method == "POST":
        services.follow_stop(token=token)
        # The same page whether or not the link was still known: it is gone either way.
        return render(request, "following/stopped.html", context)
    return render(request, "following/stop.html", context)

"""Where a registrant can take their feed: webcal://, Google Calendar, Outlook, download."""
from urllib.parse import quote, urlencode

from lokakarya.registration import links
from lokakarya.registration.models import Registration


def event_feed_url(slug: str) -> str:
    """The public calendar of an event (no join links)."""
    return links.event_url(slug) + "/calendar.ics"


def subscribe_links(feed_url: str, name: str) -> dict[str, str]:
    """Pure: the "add by URL" links of the big calendar services for one feed."""
    webcal_url = links.webcal(feed_url)
    return {
        "webcal": webcal_url,
        "google": "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal_url}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
                   + urlencode({"url": feed_url, "name": name}, quote_via=quote),
        "office": "https://outlook.office.com/calendar/0/addfromweb?"
                  + urlencode({"url": feed_url, "name": name}, quote_via=quote),
        "download": feed_url + "?download=1",
    }


def personal_calendar_links(registration: Registration) -> dict[str, str]:
    return subscribe_links(links.feed_url(registration), registration.event.title)


def public_calendar_links(slug: str, title: str) -> dict[str, str]:
    return subscribe_links(event_feed_url(slug), title)

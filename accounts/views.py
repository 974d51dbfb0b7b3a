from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from .forms import LoginForm, SignupForm
from .services import user_create


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"page_title": _("Đăng nhập")}


class LogoutView(auth_views.LogoutView):
    pass


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        email, phone = data["identifier"]
        user = user_create(
            full_name=data["full_name"], password=data["password1"], email=email, phone=phone,
            profile={k: data.get(k) for k in ("birth_year", "gender", "commune", "workplace", "audience_group")},
        )
        login(request, user, backend="accounts.backends.PhoneOrEmailBackend")
        return redirect(_safe_next(request))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request),
                                                    "page_title": _("Đăng ký tài khoản")},
                  status=400 if request.method == "POST" else 200)

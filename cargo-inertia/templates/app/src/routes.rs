//! The app's routes, each with a name. The axum router is built from them, and so are the
//! frontend's route helpers (`frontend/src/routes.@@if ts@@ts@@else@@js@@end@@`): pages write
//! `contacts.destroy({ contact: 7 })`, never a URL by hand, so renaming a route or changing
//! its parameters here shows up in the frontend@@if ts@@ as a type error@@end@@.

use axum::middleware;
use inertia_runtime::routes::Routes;

use crate::auth::{self, pages as accounts};
use crate::{AppState, contacts, pages, settings};

/// Every named route (`main.rs` adds the fallback, the layers and the assets): the guests'
/// (login, registration, password reset) and the signed-in users' (everything else; a guest
/// asking for one of them is sent to the login page). Names and addresses are Laravel's.
pub(crate) fn routes() -> Routes<AppState> {
    let guests = Routes::new()
        .get("login.create", "/login", accounts::login_page)
        .post("login.store", "/login", accounts::login)@@if ts@@
        .form::<accounts::LoginForm>()@@end@@
        .get("register.create", "/register", accounts::register_page)
        .post("register.store", "/register", accounts::register)@@if ts@@
        .form::<accounts::RegisterForm>()@@end@@
        .get("password.request", "/forgot-password", accounts::forgot_page)
        .post("password.email", "/forgot-password", accounts::forgot)@@if ts@@
        .form::<accounts::ForgotForm>()@@end@@
        .get("password.reset", "/reset-password/{token}", accounts::reset_page)@@if ts@@
        .params::<accounts::ResetPath>()@@end@@
        .post("password.store", "/reset-password", accounts::reset)@@if ts@@
        .form::<accounts::ResetForm>()@@end@@
        .route_layer(middleware::from_fn(auth::guest_only));
    let users = Routes::new()
        .get("dashboard", "/", pages::dashboard)
        .post("logout", "/logout", accounts::logout)
        .get("contacts.index", "/contacts", contacts::index)@@if ts@@
        .query::<contacts::ListQuery>()@@end@@
        .post("contacts.store", "/contacts", contacts::store)@@if ts@@
        .form::<contacts::ContactForm>()@@end@@
        .get("contacts.create", "/contacts/new", contacts::create)
        .get("contacts.edit", "/contacts/{contact}/edit", contacts::edit)@@if ts@@
        .params::<contacts::ContactPath>()@@end@@
        .put("contacts.update", "/contacts/{contact}", contacts::update)@@if ts@@
        .params::<contacts::ContactPath>()
        .form::<contacts::ContactForm>()@@end@@
        .delete("contacts.destroy", "/contacts/{contact}", contacts::destroy)@@if ts@@
        .params::<contacts::ContactPath>()@@end@@
        .get("profile.edit", "/settings/profile", settings::profile)
        .patch("profile.update", "/settings/profile", settings::update_profile)@@if ts@@
        .form::<settings::ProfileForm>()@@end@@
        .delete("profile.destroy", "/settings/profile", settings::destroy)@@if ts@@
        .form::<settings::DeleteAccountForm>()@@end@@
        .get("password.edit", "/settings/password", settings::password)
        .put("password.update", "/settings/password", settings::update_password)@@if ts@@
        .form::<settings::PasswordForm>()@@end@@
        .get("appearance.edit", "/settings/appearance", settings::appearance)
        .route_layer(middleware::from_fn(auth::require_user));
    // Everyone's: the guests' pages have the theme switch too.
    let everyone = Routes::new()
        .put("appearance.update", "/appearance", settings::update_appearance)@@if ts@@
        .form::<crate::appearance::AppearanceForm>()@@end@@;
    guests.merge(users).merge(everyone)
}

/// Writes the frontend's generated files: the route helpers@@if ts@@ and the page types@@end@@. `cargo
/// inertia dev` has the server do it at startup in development (`INERTIA_WRITE_TYPES=1`),
/// so the frontend follows a change of the Rust code as soon as it compiles; the test
/// `generated_files_are_current` fails while they are out of date.
pub(crate) fn write_generated_files() -> Result<(), Box<dyn std::error::Error>> {
    for (path, file) in generated_files()? {
        file.write(path)?;
    }
    Ok(())
}

/// The generated files and where they go.
pub(crate) fn generated_files()
-> Result<Vec<(&'static str, inertia_runtime::GeneratedFile)>, Box<dyn std::error::Error>> {
    let table = routes().into_parts().1;
    Ok(vec![
        (
            concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/src/routes.@@if ts@@ts@@else@@js@@end@@"),
            table.@@if ts@@typescript@@else@@javascript@@end@@()?,
        ),@@if ts@@
        (
            concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/src/types/pages.d.ts"),
            pages::typescript().declare(&table).file()?,
        ),@@end@@
    ])
}

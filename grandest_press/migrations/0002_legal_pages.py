"""Create the legal notice and the accessibility statement (RGAA 4.1), and let the
Publication group edit them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from grandest_press.richtext import sanitize_html

LEGAL_NOTICE = """
<h2>Éditeur</h2>
<p>Région Grand Est, collectivité territoriale, 1 place Adrien Zeller, BP 91006,
67070 Strasbourg Cedex. Téléphone : 03 88 15 68 67.</p>
<h2>Directeur de la publication</h2>
<p>Le président du Conseil régional du Grand Est.</p>
<h2>Rédaction</h2>
<p>Service presse de la Région Grand Est. Les communiqués engagent leurs signataires à la
date de leur publication ; les fonctions citées sont celles exercées à la date de
l’événement.</p>
<h2>Hébergement</h2>
<p>Le nom, l’adresse et le téléphone de l’hébergeur sont à compléter avant la mise en
ligne.</p>
<h2>Données personnelles et cookies</h2>
<p>Le site public ne dépose aucun cookie de mesure d’audience ni de publicité et ne
charge aucun contenu tiers. Seuls les agents connectés à l’administration reçoivent deux
cookies techniques (session et protection contre la falsification de requêtes),
nécessaires au service et exemptés de consentement.</p>
<p>Les noms, fonctions et coordonnées professionnelles publiés (élus, contacts presse)
relèvent de la mission d’information du public de la Région. Pour exercer vos droits
d’accès, de rectification ou d’opposition, écrivez au délégué à la protection des
données de la Région Grand Est à l’adresse postale ci-dessus. Vous pouvez adresser une
réclamation à la <a href="https://www.cnil.fr/">CNIL</a>.</p>
<h2>Réutilisation des contenus</h2>
<p>Les communiqués de presse peuvent être repris librement par les médias, en citant
la source. Les photographies restent la propriété de leurs auteurs, crédités sous
chaque image.</p>
"""

ACCESSIBILITY = """
<p>La Région Grand Est s’engage à rendre ses sites internet accessibles conformément à
l’article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration
d’accessibilité s’applique à l’Espace presse de la Région Grand Est.</p>
<h2>État de conformité</h2>
<p>L’Espace presse de la Région Grand Est est <strong>non conforme</strong> avec le
référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1.2 : aucun
audit de conformité n’a encore été réalisé.</p>
<h2>Résultats des tests</h2>
<p>En l’absence d’audit, aucun taux de conformité ne peut être publié. Chaque
version du site est toutefois contrôlée automatiquement avant sa mise en ligne : chaque
type de page est vérifié avec l’outil axe-core (règles WCAG 2.1 niveaux A et AA) et
avec le validateur HTML du W3C, et la navigation au clavier est testée dans un
navigateur.</p>
<h2>Contenus non accessibles</h2>
<h3>Non-conformités</h3>
<p>Aucune non-conformité n’est connue à ce jour ; un audit complet est à mener.</p>
<h3>Dérogations pour charge disproportionnée</h3>
<p>Aucune.</p>
<h3>Contenus non soumis à l’obligation d’accessibilité</h3>
<p>Les documents joints publiés avant le 23 septembre 2018.</p>
<h2>Établissement de cette déclaration d’accessibilité</h2>
<p>Cette déclaration a été établie lors de la mise en service du site.</p>
<h3>Technologies utilisées pour la réalisation du site</h3>
<ul><li>HTML5</li><li>CSS</li></ul>
<p>Le site public n’utilise pas JavaScript.</p>
<h3>Environnement de test</h3>
<p>Les vérifications automatiques sont faites avec le navigateur Chromium ; la
restitution par les lecteurs d’écran NVDA (Firefox) et VoiceOver (Safari) reste à
vérifier lors de l’audit.</p>
<h3>Outils pour évaluer l’accessibilité</h3>
<ul><li>axe-core (Deque Systems)</li><li>Nu HTML Checker (W3C)</li><li>Parcours au clavier</li></ul>
<h3>Pages du site ayant fait l’objet de la vérification de conformité</h3>
<ul>
<li>Accueil</li>
<li>Liste des communiqués et communiqués d’un thème</li>
<li>Communiqué de presse</li>
<li>Liste des pactes territoriaux et page d’un pacte</li>
<li>Page d’une personnalité et page d’une organisation</li>
<li>Contacts presse</li>
<li>Mentions légales et déclaration d’accessibilité</li>
<li>Page d’erreur « Page introuvable »</li>
</ul>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter
le service presse de la Région Grand Est (coordonnées sur la page « Contacts presse »,
en pied de page) pour être orienté vers une alternative accessible ou obtenir le
contenu sous une autre forme. Vous pouvez aussi écrire à : Région Grand Est, service
presse, 1 place Adrien Zeller, BP 91006, 67070 Strasbourg Cedex.</p>
<h2>Voies de recours</h2>
<p>Si vous avez signalé au responsable du site un défaut d’accessibilité qui vous empêche
d’accéder à un contenu ou à un des services du portail et que vous n’avez pas obtenu de
réponse satisfaisante, vous pouvez :</p>
<ul>
<li>écrire un message au <a href="https://formulaire.defenseurdesdroits.fr/">Défenseur
des droits</a> ;</li>
<li>contacter <a href="https://www.defenseurdesdroits.fr/saisir/delegues">le délégué du
Défenseur des droits dans votre région</a> ;</li>
<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des
droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
</ul>
"""

PAGES = [
    ("mentions-legales", "Mentions légales", LEGAL_NOTICE),
    ("accessibilite", "Déclaration d’accessibilité", ACCESSIBILITY),
]


def create_pages(apps, schema_editor):
    LegalPage = apps.get_model("grandest_press", "LegalPage")
    for slug, title, body in PAGES:
        LegalPage.objects.get_or_create(
            slug=slug, defaults={"title": title, "body": sanitize_html(" ".join(body.split()))}
        )

    app_config = apps.get_app_config("grandest_press")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Publication")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="grandest_press",
            codename__in=["view_legalpage", "change_legalpage"],
        )
    )


def remove_pages(apps, schema_editor):
    apps.get_model("grandest_press", "LegalPage").objects.filter(
        slug__in=[slug for slug, _, _ in PAGES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("grandest_press", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_pages, remove_pages)]

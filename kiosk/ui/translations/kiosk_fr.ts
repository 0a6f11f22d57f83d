<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
  <context>
    <name>Attract</name>
    <message>
      <source>Camera unavailable - touch the screen to start</source>
      <translation>Caméra indisponible - touchez l'écran pour commencer</translation>
    </message>
    <message>
      <source>Colours, sizes in stock and a helping hand - or touch to start</source>
      <translation>Couleurs, tailles en stock et un coup de main - ou touchez pour commencer</translation>
    </message>
    <message>
      <source>Hold the tag up to the mirror</source>
      <translation>Présentez l'étiquette au miroir</translation>
    </message>
    <message>
      <source>Please ask a member of staff - they will be glad to help</source>
      <translation>Adressez-vous à un vendeur - il se fera un plaisir de vous aider</translation>
    </message>
    <message>
      <source>This mirror is resting</source>
      <translation>Ce miroir se repose</translation>
    </message>
  </context>
  <context>
    <name>Basket</name>
    <message numerus="yes">
      <source>+%n more</source>
      <translation>
        <numerusform>+%n autre</numerusform>
        <numerusform>+%n autres</numerusform>
      </translation>
    </message>
    <message>
      <source>Add items from the item screen, then send them to your phone.</source>
      <translation>Ajoutez des articles depuis la fiche produit, puis envoyez-les sur votre téléphone.</translation>
    </message>
    <message>
      <source>Send to my phone</source>
      <translation>Envoyer sur mon téléphone</translation>
    </message>
    <message>
      <source>Total %1</source>
      <translation>Total %1</translation>
    </message>
    <message>
      <source>Your basket</source>
      <translation>Votre panier</translation>
    </message>
    <message>
      <source>Your basket is empty</source>
      <translation>Votre panier est vide</translation>
    </message>
  </context>
  <context>
    <name>Browse</name>
    <message>
      <source>Browse the collection</source>
      <translation>Parcourir la collection</translation>
    </message>
  </context>
  <context>
    <name>Closed</name>
    <message>
      <source>Please ask a member of staff - they will be glad to help</source>
      <translation>Adressez-vous à un vendeur - il se fera un plaisir de vous aider</translation>
    </message>
    <message>
      <source>This mirror is closed for a moment</source>
      <translation>Ce miroir est fermé pour un moment</translation>
    </message>
  </context>
  <context>
    <name>Colours</name>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Colourways and accessories are now ordered by this palette.</source>
      <translation>Les coloris et accessoires sont maintenant classés selon cette palette.</translation>
    </message>
    <message>
      <source>Find the colours that suit you</source>
      <translation>Trouvez les couleurs qui vous vont</translation>
    </message>
    <message>
      <source>Forget my colours</source>
      <translation>Oublier mes couleurs</translation>
    </message>
    <message>
      <source>I'd rather pick by hand</source>
      <translation>Je préfère choisir moi-même</translation>
    </message>
    <message>
      <source>Look at each colour beside your reflection and tap the one you prefer.</source>
      <translation>Regardez chaque couleur à côté de votre reflet et touchez celle que vous préférez.</translation>
    </message>
    <message>
      <source>Looking at your colours…</source>
      <translation>Analyse de vos couleurs…</translation>
    </message>
    <message>
      <source>Not sure yet: which looks better on you?</source>
      <translation>Pas encore sûr : laquelle vous va le mieux ?</translation>
    </message>
    <message>
      <source>Pick by hand instead</source>
      <translation>Choisir moi-même</translation>
    </message>
    <message>
      <source>Pick the colour you love to wear</source>
      <translation>Choisissez la couleur que vous aimez porter</translation>
    </message>
    <message>
      <source>See all swatches</source>
      <translation>Voir toutes les couleurs</translation>
    </message>
    <message>
      <source>Show me</source>
      <translation>Me montrer</translation>
    </message>
    <message>
      <source>Stand facing the mirror, about an arm's length away.</source>
      <translation>Placez-vous face au miroir, à environ une longueur de bras.</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Arrêter</translation>
    </message>
    <message>
      <source>We will suggest colourways and accessories around it.</source>
      <translation>Nous vous proposerons des coloris et des accessoires assortis.</translation>
    </message>
    <message>
      <source>With your permission, the mirror looks at the colour of your skin, hair and eyes for a few seconds. Nothing is recorded or stored, and it is forgotten as soon as you leave.</source>
      <translation>Avec votre accord, le miroir observe quelques secondes la couleur de votre peau, de vos cheveux et de vos yeux. Rien n'est enregistré ni conservé, et tout est oublié dès que vous partez.</translation>
    </message>
    <message>
      <source>Yes, look at my colours</source>
      <translation>Oui, analysez mes couleurs</translation>
    </message>
    <message>
      <source>Your palette: %1</source>
      <translation>Votre palette : %1</translation>
    </message>
  </context>
  <context>
    <name>Goodbye</name>
    <message>
      <source>Thank you, see you soon</source>
      <translation>Merci, à bientôt</translation>
    </message>
    <message numerus="yes">
      <source>This mirror forgets your session within %n seconds.</source>
      <translation>
        <numerusform>Ce miroir oublie votre visite en moins de %n seconde.</numerusform>
        <numerusform>Ce miroir oublie votre visite en moins de %n secondes.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Handoff</name>
    <message>
      <source>Finish on your phone whenever you like.</source>
      <translation>Terminez sur votre téléphone quand vous voulez.</translation>
    </message>
    <message>
      <source>Nothing was lost: your basket is still here.</source>
      <translation>Rien n'est perdu : votre panier est toujours là.</translation>
    </message>
    <message>
      <source>Opened on your phone - thank you!</source>
      <translation>Ouvert sur votre téléphone - merci !</translation>
    </message>
    <message>
      <source>Opens your basket on your phone, to pay and choose delivery. This code works once, for %1 s.</source>
      <translation>Ouvre votre panier sur votre téléphone, pour payer et choisir la livraison. Ce code ne sert qu'une fois, pendant %1 s.</translation>
    </message>
    <message>
      <source>Pay and choose delivery on your phone. Check the address is %1. This code works once, for %2 s.</source>
      <translation>Payez et choisissez la livraison sur votre téléphone. Vérifiez que l'adresse est %1. Ce code ne sert qu'une fois, pendant %2 s.</translation>
    </message>
    <message>
      <source>Preparing your basket…</source>
      <translation>Préparation de votre panier…</translation>
    </message>
    <message>
      <source>Scan with your phone camera</source>
      <translation>Scannez avec l'appareil photo de votre téléphone</translation>
    </message>
    <message>
      <source>Tap 'Send to my phone' in your basket for a new one.</source>
      <translation>Touchez « Envoyer sur mon téléphone » dans votre panier pour en obtenir un nouveau.</translation>
    </message>
    <message>
      <source>The code has expired</source>
      <translation>Le code a expiré</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>Réessayer</translation>
    </message>
    <message>
      <source>Your phone link could not be made just now</source>
      <translation>Le lien vers votre téléphone n'a pas pu être créé</translation>
    </message>
  </context>
  <context>
    <name>Hello</name>
    <message>
      <source>Browse the collection</source>
      <translation>Parcourir la collection</translation>
    </message>
    <message>
      <source>Find my colours</source>
      <translation>Trouver mes couleurs</translation>
    </message>
    <message>
      <source>Hello</source>
      <translation>Bonjour</translation>
    </message>
    <message>
      <source>Hold a garment's tag up to the mirror to see its colours, the sizes in stock here and what goes with it.</source>
      <translation>Présentez l'étiquette d'un vêtement au miroir pour voir ses coloris, les tailles en stock ici et ce qui va avec.</translation>
    </message>
    <message>
      <source>These buttons change the fitting room's lights:</source>
      <translation>Ces boutons changent l'éclairage de la cabine :</translation>
    </message>
  </context>
  <context>
    <name>Item</name>
    <message>
      <source>%1 is not in stock in this store: please ask at the fitting-room desk.</source>
      <translation>La taille %1 n'est pas en stock dans ce magasin : demandez à l'accueil des cabines.</translation>
    </message>
    <message>
      <source>%1 is not on the floor: we will check the stockroom and other stores.</source>
      <translation>La taille %1 n'est pas en rayon : nous regardons en réserve et dans nos autres magasins.</translation>
    </message>
    <message>
      <source>Add to basket</source>
      <translation>Ajouter au panier</translation>
    </message>
    <message>
      <source>Bring me %1</source>
      <translation>Apportez-moi du %1</translation>
    </message>
    <message>
      <source>Choose a size</source>
      <translation>Choisissez une taille</translation>
    </message>
    <message>
      <source>Colours in this store</source>
      <translation>Coloris dans ce magasin</translation>
    </message>
    <message>
      <source>Complete the look</source>
      <translation>Compléter la tenue</translation>
    </message>
    <message>
      <source>In stock here</source>
      <translation>En stock ici</translation>
    </message>
    <message>
      <source>One colour</source>
      <translation>Coloris unique</translation>
    </message>
    <message>
      <source>Only sizes in stock here can go in your basket.</source>
      <translation>Seules les tailles en stock ici peuvent aller dans votre panier.</translation>
    </message>
    <message>
      <source>Preview of %1</source>
      <translation>Aperçu en %1</translation>
    </message>
    <message>
      <source>See it on me</source>
      <translation>Voir sur moi</translation>
    </message>
    <message>
      <source>Sizes in stock here</source>
      <translation>Tailles en stock ici</translation>
    </message>
    <message>
      <source>Stand facing the mirror so we can see you</source>
      <translation>Placez-vous face au miroir pour que nous puissions vous voir</translation>
    </message>
    <message>
      <source>Stand facing the mirror so we can see your top</source>
      <translation>Placez-vous face au miroir pour que nous puissions voir votre haut</translation>
    </message>
    <message>
      <source>This colour is sold out here - staff can check other stores</source>
      <translation>Ce coloris est épuisé ici - un vendeur peut vérifier les autres magasins</translation>
    </message>
    <message>
      <source>You have %1</source>
      <translation>Vous avez le %1</translation>
    </message>
    <message>
      <source>You in %1</source>
      <translation>Vous en %1</translation>
    </message>
    <message>
      <source>one size</source>
      <translation>taille unique</translation>
    </message>
  </context>
  <context>
    <name>Journey</name>
    <message>
      <source>Added to your basket</source>
      <translation>Ajouté à votre panier</translation>
    </message>
    <message>
      <source>At most %1 of one item - staff can help with more</source>
      <translation>%1 exemplaires au plus par article - un vendeur peut vous aider pour davantage</translation>
    </message>
    <message>
      <source>Choose a size first</source>
      <translation>Choisissez d'abord une taille</translation>
    </message>
    <message>
      <source>Sending to a phone is not available right now.</source>
      <translation>L'envoi vers un téléphone est indisponible pour le moment.</translation>
    </message>
    <message>
      <source>Staff requests are not available right now - please ask at the desk.</source>
      <translation>Les demandes au personnel sont indisponibles pour le moment - adressez-vous à l'accueil.</translation>
    </message>
    <message>
      <source>That tag could not be read - please hold it still and try again.</source>
      <translation>Cette étiquette n'a pas pu être lue - tenez-la immobile et réessayez.</translation>
    </message>
    <message>
      <source>This item cannot be requested from here - please ask a member of staff.</source>
      <translation>Cet article ne peut pas être demandé d'ici - adressez-vous à un vendeur.</translation>
    </message>
    <message>
      <source>This item is not in this store's list - please ask a member of staff.</source>
      <translation>Cet article n'est pas dans la liste du magasin - demandez à un vendeur.</translation>
    </message>
    <message>
      <source>Touch the mirror to start</source>
      <translation>Touchez le miroir pour commencer</translation>
    </message>
    <message>
      <source>Your basket is empty</source>
      <translation>Votre panier est vide</translation>
    </message>
    <message>
      <source>Your basket is full (%1 items): send it to your phone first</source>
      <translation>Votre panier est plein (%1 articles) : envoyez-le d'abord sur votre téléphone</translation>
    </message>
  </context>
  <context>
    <name>Look</name>
    <message>
      <source>Complete the look</source>
      <translation>Compléter la tenue</translation>
    </message>
    <message>
      <source>Hold a garment's tag up to the mirror first.</source>
      <translation>Présentez d'abord l'étiquette d'un vêtement au miroir.</translation>
    </message>
    <message>
      <source>In stock here, chosen to go with %1</source>
      <translation>En stock ici, choisis pour aller avec : %1</translation>
    </message>
    <message>
      <source>Nothing in stock here goes with it just now.</source>
      <translation>Rien en stock ici ne s'y accorde pour le moment.</translation>
    </message>
  </context>
  <context>
    <name>Manager</name>
    <message>
      <source>Camera placement: %1</source>
      <translation>Position de la caméra : %1</translation>
    </message>
    <message>
      <source>Camera placement: camera off</source>
      <translation>Position de la caméra : caméra éteinte</translation>
    </message>
    <message>
      <source>Exit kiosk</source>
      <translation>Quitter le mode borne</translation>
    </message>
    <message>
      <source>Lock</source>
      <translation>Verrouiller</translation>
    </message>
    <message>
      <source>Mirror status</source>
      <translation>État du miroir</translation>
    </message>
    <message>
      <source>No manager PIN is set for this mirror.</source>
      <translation>Aucun code responsable n'est défini pour ce miroir.</translation>
    </message>
    <message>
      <source>Too many attempts: try again in %1 s</source>
      <translation>Trop d'essais : réessayez dans %1 s</translation>
    </message>
    <message>
      <source>Wrong PIN</source>
      <translation>Code incorrect</translation>
    </message>
    <message>
      <source>good</source>
      <translation>bonne</translation>
    </message>
    <message>
      <source>no one in view</source>
      <translation>personne dans le champ</translation>
    </message>
  </context>
  <context>
    <name>Names</name>
    <message>
      <source>Fitting room %1</source>
      <translation>la cabine %1</translation>
    </message>
    <message>
      <source>One size</source>
      <translation>Taille unique</translation>
    </message>
  </context>
  <context>
    <name>Nav</name>
    <message>
      <source>Back</source>
      <translation>Retour</translation>
    </message>
    <message numerus="yes">
      <source>Basket (%n)</source>
      <translation>
        <numerusform>Panier (%n)</numerusform>
        <numerusform>Panier (%n)</numerusform>
      </translation>
    </message>
    <message>
      <source>My colours</source>
      <translation>Mes couleurs</translation>
    </message>
  </context>
  <context>
    <name>Pairing</name>
    <message>
      <source>Asking the store for a code…</source>
      <translation>Demande d'un code au magasin…</translation>
    </message>
    <message>
      <source>In the back office, open Mirrors, then Add a mirror, and type this code.</source>
      <translation>Dans le back-office, ouvrez Miroirs, puis Ajouter un miroir, et saisissez ce code.</translation>
    </message>
    <message>
      <source>Pair this mirror</source>
      <translation>Appairer ce miroir</translation>
    </message>
    <message>
      <source>This mirror: %1</source>
      <translation>Ce miroir : %1</translation>
    </message>
    <message numerus="yes">
      <source>Waiting for a manager. A new code in %n min.</source>
      <translation>
        <numerusform>En attente d'un responsable. Nouveau code dans %n min.</numerusform>
        <numerusform>En attente d'un responsable. Nouveau code dans %n min.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Pin</name>
    <message>
      <source>Staff PIN</source>
      <translation>Code personnel</translation>
    </message>
    <message>
      <source>Staff app: scan with your phone</source>
      <translation>Appli vendeurs : scannez avec votre téléphone</translation>
    </message>
  </context>
  <context>
    <name>Request</name>
    <message>
      <source>%1 brought %2</source>
      <translation>%1 a apporté du %2</translation>
    </message>
    <message>
      <source>%1 could not find %2</source>
      <translation>%1 n'a pas trouvé la taille %2</translation>
    </message>
    <message>
      <source>%1 is bringing %2</source>
      <translation>%1 vous apporte du %2</translation>
    </message>
    <message>
      <source>%1, about %2 min</source>
      <translation>%1, environ %2 min</translation>
    </message>
    <message>
      <source>A member of staff</source>
      <translation>Un vendeur</translation>
    </message>
    <message>
      <source>Ask again</source>
      <translation>Redemander</translation>
    </message>
    <message>
      <source>Ask for %1 in %2 instead</source>
      <translation>Demander du %1 en %2 à la place</translation>
    </message>
    <message>
      <source>Ask for %1 instead</source>
      <translation>Demander du %1 à la place</translation>
    </message>
    <message>
      <source>Asking staff for %1</source>
      <translation>Demande de la taille %1 au personnel</translation>
    </message>
    <message>
      <source>Asking staff…</source>
      <translation>Demande au personnel…</translation>
    </message>
    <message>
      <source>Cancel request</source>
      <translation>Annuler la demande</translation>
    </message>
    <message>
      <source>Enjoy trying it on.</source>
      <translation>Bon essayage !</translation>
    </message>
    <message>
      <source>Keep browsing</source>
      <translation>Continuer</translation>
    </message>
    <message>
      <source>Nearest in stock: size %1 in %2.</source>
      <translation>Le plus proche en stock : taille %1 en %2.</translation>
    </message>
    <message>
      <source>Nearest in stock: size %1.</source>
      <translation>Le plus proche en stock : taille %1.</translation>
    </message>
    <message>
      <source>No thanks</source>
      <translation>Non merci</translation>
    </message>
    <message>
      <source>Nobody could come just now</source>
      <translation>Personne n'a pu venir pour le moment</translation>
    </message>
    <message>
      <source>Not on the floor: we are checking the stockroom and other stores.</source>
      <translation>Pas en rayon : nous regardons en réserve et dans nos autres magasins.</translation>
    </message>
    <message>
      <source>Nothing close is in stock here: please ask at the fitting-room desk.</source>
      <translation>Rien d'approchant en stock ici : demandez à l'accueil des cabines.</translation>
    </message>
    <message>
      <source>On the way to %1.</source>
      <translation>En route vers %1.</translation>
    </message>
    <message>
      <source>Please ask at the fitting-room desk.</source>
      <translation>Adressez-vous à l'accueil des cabines.</translation>
    </message>
    <message>
      <source>Request cancelled</source>
      <translation>Demande annulée</translation>
    </message>
    <message>
      <source>Stay here: someone from the team will bring it to %1.</source>
      <translation>Restez ici : quelqu'un de l'équipe l'apporte à %1.</translation>
    </message>
    <message>
      <source>We have asked again: the team sees it first.</source>
      <translation>Nous avons relancé : l'équipe la voit en premier.</translation>
    </message>
    <message>
      <source>We have asked the floor lead too.</source>
      <translation>Nous avons aussi prévenu le responsable d'étage.</translation>
    </message>
  </context>
  <context>
    <name>Season</name>
    <message>
      <source>Bright Spring</source>
      <translation>Printemps vif</translation>
    </message>
    <message>
      <source>Bright Winter</source>
      <translation>Hiver vif</translation>
    </message>
    <message>
      <source>Cool Summer</source>
      <translation>Été froid</translation>
    </message>
    <message>
      <source>Cool Winter</source>
      <translation>Hiver froid</translation>
    </message>
    <message>
      <source>Deep Autumn</source>
      <translation>Automne profond</translation>
    </message>
    <message>
      <source>Deep Winter</source>
      <translation>Hiver profond</translation>
    </message>
    <message>
      <source>Light Spring</source>
      <translation>Printemps clair</translation>
    </message>
    <message>
      <source>Light Summer</source>
      <translation>Été clair</translation>
    </message>
    <message>
      <source>Soft Autumn</source>
      <translation>Automne doux</translation>
    </message>
    <message>
      <source>Soft Summer</source>
      <translation>Été doux</translation>
    </message>
    <message>
      <source>Warm Autumn</source>
      <translation>Automne chaud</translation>
    </message>
    <message>
      <source>Warm Spring</source>
      <translation>Printemps chaud</translation>
    </message>
  </context>
</TS>
